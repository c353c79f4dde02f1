package dev.stockpipe.ingest.gbm;

import java.time.Duration;

/**
 * Converts trading time into the year fractions GBM parameters are quoted in: a year has 252
 * sessions of 6.5 hours (09:30–16:00 New York), so annual volatility means what traders expect.
 */
public final class TradingTime {

    public static final int SESSIONS_PER_YEAR = 252;
    public static final Duration SESSION_LENGTH = Duration.ofMinutes(390);
    public static final double SECONDS_PER_YEAR = SESSIONS_PER_YEAR * (double) SESSION_LENGTH.toSeconds();

    private TradingTime() {
    }

    public static double years(Duration d) {
        return d.toNanos() / 1e9 / SECONDS_PER_YEAR;
    }

    public static double yearsOfNanos(long nanos) {
        return nanos / 1e9 / SECONDS_PER_YEAR;
    }

    /** One session, as a year fraction. */
    public static double oneSession() {
        return 1.0 / SESSIONS_PER_YEAR;
    }
}

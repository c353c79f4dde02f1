package dev.stockpipe.warehouse.support;

import dev.stockpipe.contracts.DailyMetrics;
import dev.stockpipe.contracts.WindowMetrics;
import dev.stockpipe.contracts.WindowSize;
import java.time.Instant;
import java.time.LocalDate;

/** Plausible metric rows for tests. */
public final class Rows {

    private Rows() {
    }

    public static DailyMetrics daily(String symbol, LocalDate day, double close, long barCount) {
        double open = 100.0 + symbol.length();
        return new DailyMetrics(symbol, day, open, Math.max(open, close) + 1.25, Math.min(open, close) - 0.75, close,
                1_000_000L + barCount, DailyMetrics.pctChange(open, close), barCount);
    }

    public static WindowMetrics window(String symbol, WindowSize size, Instant start, double avg, Double volatility,
            long ticks) {
        return new WindowMetrics(symbol, size, start, start.plus(size.length()), avg, volatility, ticks * 100, ticks);
    }
}

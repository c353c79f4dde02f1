package dev.stockpipe.dashboard.push;

import dev.stockpipe.dashboard.view.DailyRow;
import dev.stockpipe.dashboard.view.DailyView;
import dev.stockpipe.dashboard.view.DashboardMessage;
import dev.stockpipe.dashboard.view.HealthView;
import dev.stockpipe.dashboard.view.ServiceStatus;
import dev.stockpipe.dashboard.view.SymbolView;
import dev.stockpipe.dashboard.view.WindowRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The most bytes one delta on {@code /api/stream} can take, computed by writing the worst case of every
 * field with the same mapper the stream uses: fixed part (envelope + health) + symbols × per-symbol part.
 * Worst cases: symbols of 20 characters (the contract's limit), doubles and longs of their longest text
 * form, timestamps of the canonical form, free text (reasons) at its cut length with every character
 * escaped as {@code \\u00XX}. Per symbol: one symbol entry with the most samples a delta carries, its two
 * window rows (15m, 1h) and its daily row (daily is sent only when it changed, at most once a minute,
 * but the bound holds for that delta too).
 *
 * <p>Messages per second: at most 1000 / push interval (4 at 250 ms), plus the full state once per
 * connection.
 */
public final class PushBound {

    static final String LONGEST_SYMBOL = "ABCDEFGHIJKLMNOPQRST";
    static final double LONGEST_DOUBLE = -2.2250738585072014E-308;
    static final String TIMESTAMP = "2026-01-05T14:30:00.000Z";
    /** Reasons of services, Kafka and the lag note are cut to 160 characters (Readiness.MAX_REASON_CHARS). */
    static final int REASON_CHARS = 160;
    /** The daily reason is cut to 200 characters (DailyRefresher). */
    static final int DAILY_REASON_CHARS = 200;

    private PushBound() {
    }

    /** Bytes of the largest possible delta for this many symbols and these services. */
    public static long maxDeltaBytes(int symbols, List<ServiceStatus> services, Duration pushInterval) {
        return fixedBytes(services) + (long) symbols * perSymbolBytes(pushInterval);
    }

    /** Messages per second on one stream, after the first (full) one. */
    public static double maxMessagesPerSecond(Duration pushInterval) {
        return 1000.0 / pushInterval.toMillis();
    }

    static int fixedBytes(List<ServiceStatus> services) {
        List<ServiceStatus> worstServices = services.stream()
                .map(s -> new ServiceStatus(s.name(), s.url(), "unreachable", escapedText(REASON_CHARS))).toList();
        HealthView health = new HealthView(LONGEST_DOUBLE, "unknown", escapedText(REASON_CHARS), Long.MIN_VALUE,
                escapedText(REASON_CHARS), Long.MIN_VALUE, TIMESTAMP, Long.MIN_VALUE, Long.MIN_VALUE, worstServices);
        DailyView daily = new DailyView("unavailable", escapedText(DAILY_REASON_CHARS), TIMESTAMP, List.of());
        return DashboardJson.size(new DashboardMessage(DashboardMessage.DELTA, TIMESTAMP, TIMESTAMP, List.of(), List.of(),
                daily, health));
    }

    /** One symbol's share: its entry, two window rows and a daily row, each with the comma that separates it. */
    static int perSymbolBytes(Duration pushInterval) {
        List<double[]> samples = new ArrayList<>(
                Collections.nCopies(StateAssembler.maxSamplesPerDelta(pushInterval), new double[] {LONGEST_DOUBLE, LONGEST_DOUBLE}));
        SymbolView symbol = new SymbolView(LONGEST_SYMBOL, LONGEST_DOUBLE, TIMESTAMP, TIMESTAMP, LONGEST_DOUBLE, samples);
        WindowRow window = new WindowRow(LONGEST_SYMBOL, "15m", TIMESTAMP, TIMESTAMP, LONGEST_DOUBLE, LONGEST_DOUBLE,
                Long.MIN_VALUE, Long.MIN_VALUE);
        DailyRow daily = new DailyRow(LONGEST_SYMBOL, "2026-01-05", LONGEST_DOUBLE, LONGEST_DOUBLE, LONGEST_DOUBLE,
                LONGEST_DOUBLE, Long.MIN_VALUE, LONGEST_DOUBLE);
        return DashboardJson.size(symbol) + 1 + 2 * (DashboardJson.size(window) + 1) + DashboardJson.size(daily) + 1;
    }

    /** Text whose every character JSON writes as a 6-byte {@code \\u} escape: the longest form of that many characters. */
    private static String escapedText(int chars) {
        return "\u0001".repeat(chars);
    }
}

package dev.stockpipe.dashboard.view;

/** The latest window metrics row of one symbol and window size ({@code 15m} or {@code 1h}). */
public record WindowRow(String symbol, String window, String windowStart, String windowEnd, double movingAvg,
        Double volatility, long volume, long tickCount) {
}

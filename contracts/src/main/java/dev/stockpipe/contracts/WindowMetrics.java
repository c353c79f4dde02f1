package dev.stockpipe.contracts;

import java.time.Instant;

/**
 * Sliding event-time window metrics of one symbol.
 *
 * @param volatility sample standard deviation of price; {@code null} for a single-tick window
 */
public record WindowMetrics(String symbol, WindowSize windowSize, Instant windowStart, Instant windowEnd,
        double movingAvg, Double volatility, long volume, long tickCount) {
}

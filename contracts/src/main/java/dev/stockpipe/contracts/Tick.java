package dev.stockpipe.contracts;

import java.time.Instant;

/**
 * One simulated trade on {@code stock.realtime}.
 *
 * @param ts  event time, UTC
 * @param seq per-symbol sequence number, strictly increasing for a symbol
 */
public record Tick(String symbol, Instant ts, double price, long volume, long seq, String source) {

    public static final String SOURCE_SIMULATOR = "simulator";
}

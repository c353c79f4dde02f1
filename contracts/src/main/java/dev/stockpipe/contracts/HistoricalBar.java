package dev.stockpipe.contracts;

import java.time.Instant;

/**
 * One OHLCV bar on {@code stock.historical}.
 *
 * @param ts       start of the bar, UTC
 * @param adjClose adjusted close when the source has one, else {@code null}
 * @param source   one of {@link #SOURCES}
 * @param runId    the backfill run that produced the bar
 */
public record HistoricalBar(String symbol, Instant ts, BarInterval interval, double open, double high,
        double low, double close, Double adjClose, long volume, String source, String runId) {

    public static final String SOURCE_YAHOO = "yahoo";
    public static final String SOURCE_CSV = "csv";
    public static final String SOURCE_SYNTHETIC = "synthetic";
    public static final java.util.List<String> SOURCES = java.util.List.of(SOURCE_YAHOO, SOURCE_CSV, SOURCE_SYNTHETIC);
}

package dev.stockpipe.ingest.source;

import dev.stockpipe.contracts.HistoricalBar;

/**
 * A provider of historical OHLCV bars. Implementations return bars ordered by time and fail with
 * a {@link SourceException} whose message tells the operator what to do.
 */
public interface BarSource {

    /** The {@code source} value written into every bar ({@link HistoricalBar#SOURCES}). */
    String name();

    SourceBatch fetch(BarQuery query);
}

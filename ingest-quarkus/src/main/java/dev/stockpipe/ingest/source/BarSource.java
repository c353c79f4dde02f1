package dev.stockpipe.ingest.source;

import dev.stockpipe.contracts.HistoricalBar;
import java.util.Optional;

/**
 * A provider of historical OHLCV bars. Implementations return bars ordered by time and fail with
 * a {@link SourceException} whose message tells the operator what to do.
 */
public interface BarSource {

    /** The {@code source} value written into every bar ({@link HistoricalBar#SOURCES}). */
    String name();

    SourceBatch fetch(BarQuery query);

    /**
     * Why this source cannot serve any run right now (its input is missing), checked before a run
     * starts so the request is refused at once instead of failing later; empty when it can.
     */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /**
     * Why this source has no data at all for {@code symbol}, when it can tell cheaply before a run
     * starts; empty when it may have some (a source that must ask a remote service says so when
     * the run fetches).
     */
    default Optional<String> unknownSymbol(String symbol) {
        return Optional.empty();
    }
}

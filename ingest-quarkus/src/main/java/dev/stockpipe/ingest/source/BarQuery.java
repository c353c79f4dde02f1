package dev.stockpipe.ingest.source;

import dev.stockpipe.contracts.BarInterval;
import java.time.LocalDate;

/**
 * What a backfill asks a source for: one symbol's bars whose trading date (exchange-local) lies
 * in {@code [from, to]}, stamped with the run id.
 */
public record BarQuery(String symbol, LocalDate from, LocalDate to, BarInterval interval, String runId) {

    public BarQuery {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("query range ends (" + to + ") before it starts (" + from + ")");
        }
    }
}

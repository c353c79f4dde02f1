package dev.stockpipe.ingest.backfill;

import dev.stockpipe.contracts.BarInterval;
import java.time.LocalDate;
import java.util.List;

/** One backfill: which source, which symbols, which trading dates, which bar interval, which run id. */
public record BackfillRequest(String source, List<String> symbols, LocalDate from, LocalDate to,
        BarInterval interval, String runId) {

    public BackfillRequest {
        symbols = List.copyOf(symbols);
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("A backfill needs at least one symbol");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("The backfill range ends (" + to + ") before it starts (" + from + ")");
        }
    }
}

package dev.stockpipe.ingest.source;

import dev.stockpipe.contracts.HistoricalBar;
import java.util.List;

/**
 * The bars a source delivered for one query, plus one message per input row it deliberately
 * left out (a CSV row skipped under {@code on-bad-row=skip}, a Yahoo slot without prices), so
 * nothing is dropped silently.
 */
public record SourceBatch(List<HistoricalBar> bars, List<String> skipped) {

    public SourceBatch {
        bars = List.copyOf(bars);
        skipped = List.copyOf(skipped);
    }

    public static SourceBatch of(List<HistoricalBar> bars) {
        return new SourceBatch(bars, List.of());
    }
}

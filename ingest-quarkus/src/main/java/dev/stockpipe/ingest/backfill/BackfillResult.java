package dev.stockpipe.ingest.backfill;

import java.util.List;
import java.util.Map;

/**
 * A completed run: every bar and every end-of-run marker was acknowledged by Kafka.
 *
 * @param barsPerPartition bars of the run per partition of {@code stock.historical} (index = partition)
 * @param skipped          input rows the source left out, each with its reason
 */
public record BackfillResult(String runId, long barsSent, Map<String, Long> barsPerSymbol, List<Long> barsPerPartition,
        int partitions, int markersSent, List<String> skipped) {

    public BackfillResult {
        barsPerSymbol = Map.copyOf(barsPerSymbol);
        barsPerPartition = List.copyOf(barsPerPartition);
        skipped = List.copyOf(skipped);
    }
}

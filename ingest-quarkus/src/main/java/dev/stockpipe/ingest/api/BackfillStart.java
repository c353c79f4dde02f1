package dev.stockpipe.ingest.api;

import java.util.List;

/**
 * Body of {@code POST /backfills}; every field but the dates is optional (defaults from
 * configuration; the run id is generated when absent).
 */
public record BackfillStart(String source, List<String> symbols, String from, String to, String interval,
        String runId) {
}

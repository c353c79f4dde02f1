package dev.stockpipe.ingest.api;

import dev.stockpipe.ingest.backfill.BackfillProgress;
import java.util.List;

/** Progress of one backfill as the REST API shows it. */
public record BackfillView(String id, String runId, String status, String source, String interval, String from,
        String to, List<String> symbols, List<String> symbolsDone, long recordsSent, int markersSent,
        List<String> errors, List<String> skipped, String startedAt, String finishedAt) {

    static BackfillView of(BackfillProgress p) {
        var r = p.request();
        return new BackfillView(p.id(), r.runId(), p.status().name().toLowerCase(), r.source(), r.interval().code(),
                r.from().toString(), r.to().toString(), r.symbols(), p.symbolsDone(), p.recordsSent(), p.markersSent(),
                p.errors(), p.skipped(), p.startedAt().toString(),
                p.finishedAt() == null ? null : p.finishedAt().toString());
    }
}

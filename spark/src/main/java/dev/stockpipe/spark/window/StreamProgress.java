package dev.stockpipe.spark.window;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.stockpipe.spark.lake.RawJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Adds up what a query reported per micro-batch — input rows, unusable ticks by reason with an
 * example (observed metrics), rows dropped as later than the watermark, last watermark — for the job
 * summary. Read from {@code StreamingQuery.recentProgress()} after the query stopped, so nothing is
 * still in flight.
 */
final class StreamProgress {

    static final String OBSERVATION = "ticks";
    static final String ROWS = "rows";
    private static final String EXAMPLE_SUFFIX = "_example";

    /** Totals of one query. */
    record QueryTotals(long inputRows, long invalidRows, Map<String, Long> invalidByReason, Map<String, String> examples,
            long rowsDroppedByWatermark, Optional<String> watermark) {

        static final QueryTotals NONE = new QueryTotals(0, 0, Map.of(), Map.of(), 0, Optional.empty());
    }

    private StreamProgress() {
    }

    /**
     * Observes flagged ticks: all rows, then per reason a count and its largest example (a
     * deterministic pick, which observed metrics require).
     */
    static Dataset<Row> observe(Dataset<Row> flagged) {
        List<Column> m = new ArrayList<>();
        for (String reason : TickQuality.REASONS) {
            Column hit = col(RawJson.ISSUE).equalTo(lit(reason));
            m.add(sum(when(hit, 1).otherwise(0)).as(reason));
            m.add(max(when(hit, col(RawJson.EXAMPLE))).as(reason + EXAMPLE_SUFFIX));
        }
        return flagged.observe(OBSERVATION, count(lit(1)).as(ROWS), m.toArray(Column[]::new));
    }

    static QueryTotals totals(StreamingQueryProgress[] progresses) {
        long input = 0;
        long dropped = 0;
        Map<String, Long> byReason = new LinkedHashMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        Optional<String> watermark = Optional.empty();
        for (StreamingQueryProgress p : progresses) {
            input += p.numInputRows();
            Row observed = p.observedMetrics().get(OBSERVATION);
            if (observed != null) {
                for (String reason : TickQuality.REASONS) {
                    int i = observed.fieldIndex(reason);
                    long n = observed.isNullAt(i) ? 0 : ((Number) observed.get(i)).longValue();
                    if (n > 0) {
                        byReason.merge(reason, n, Long::sum);
                        int e = observed.fieldIndex(reason + EXAMPLE_SUFFIX);
                        if (!observed.isNullAt(e)) {
                            examples.putIfAbsent(reason, observed.getString(e));
                        }
                    }
                }
            }
            for (StateOperatorProgress op : p.stateOperators()) {
                dropped += op.numRowsDroppedByWatermark();
            }
            watermark = Optional.ofNullable(p.eventTime().get("watermark")).or(() -> Optional.empty());
        }
        long invalid = byReason.values().stream().mapToLong(Long::longValue).sum();
        return new QueryTotals(input, invalid, byReason, examples, dropped, watermark);
    }
}

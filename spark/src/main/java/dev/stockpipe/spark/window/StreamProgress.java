package dev.stockpipe.spark.window;

import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Adds up what a query reported per micro-batch — input rows, unusable ticks (observed metric),
 * rows dropped as later than the watermark, last watermark — for the job summary. Read from
 * {@code StreamingQuery.recentProgress()} after the query stopped, so nothing is still in flight.
 */
final class StreamProgress {

    static final String OBSERVATION = "ticks";
    static final String ROWS = "rows";
    static final String UNUSABLE = "unusable";

    /** Totals of one query. */
    record QueryTotals(long inputRows, long unusableRows, long rowsDroppedByWatermark, Optional<String> watermark) {
    }

    private StreamProgress() {
    }

    static QueryTotals totals(StreamingQueryProgress[] progresses) {
        long input = 0;
        long unusable = 0;
        long dropped = 0;
        Optional<String> watermark = Optional.empty();
        for (StreamingQueryProgress p : progresses) {
            input += p.numInputRows();
            Row observed = p.observedMetrics().get(OBSERVATION);
            if (observed != null && !observed.isNullAt(observed.fieldIndex(UNUSABLE))) {
                unusable += ((Number) observed.get(observed.fieldIndex(UNUSABLE))).longValue();
            }
            for (StateOperatorProgress op : p.stateOperators()) {
                dropped += op.numRowsDroppedByWatermark();
            }
            watermark = Optional.ofNullable(p.eventTime().get("watermark")).or(() -> Optional.empty());
        }
        return new QueryTotals(input, unusable, dropped, watermark);
    }
}

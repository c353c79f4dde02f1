package dev.stockpipe.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Kafka topic names and headers shared by every producer and consumer. */
public final class Topics {

    /** One OHLCV bar per record, key = symbol; plus end-of-run control records. */
    public static final String HISTORICAL = "stock.historical";
    /** One simulated tick per record, key = symbol. */
    public static final String REALTIME = "stock.realtime";
    /** Records that failed validation, with headers naming where they came from and why. */
    public static final String DLQ = "stock.dlq";

    /**
     * Finalised sliding-window metrics, published by the window job from each micro-batch: key
     * {@link #windowMetricsKey}, value the JSON of {@link JsonCodec#toNode(WindowMetrics)}. The topic is
     * compacted, so a replayed batch rewrites the same keys and a reader from the start sees each
     * window once, with its final values.
     */
    public static final String METRICS_WINDOWS = "stock.metrics.windows";

    /** Every topic the pipeline needs; devstack and deployments create these. */
    public static final List<String> ALL = List.of(HISTORICAL, REALTIME, DLQ, METRICS_WINDOWS);

    /** Topics created with {@code cleanup.policy=compact}: the latest value of each key is the record. */
    public static final Set<String> COMPACTED = Set.of(METRICS_WINDOWS);

    /** Header marking a control record; its value says which kind. */
    public static final String HEADER_CONTROL = "x-pipeline-control";
    /** Value of {@link #HEADER_CONTROL} for the end-of-run marker of a historical backfill. */
    public static final String CONTROL_END_OF_RUN = "end-of-run";

    /** DLQ headers: where the invalid record came from and why it was rejected. */
    public static final String HEADER_DLQ_TOPIC = "x-dlq-source-topic";
    public static final String HEADER_DLQ_PARTITION = "x-dlq-source-partition";
    public static final String HEADER_DLQ_OFFSET = "x-dlq-source-offset";
    public static final String HEADER_DLQ_REASON = "x-dlq-reason";
    /** On a DLQ copy cut to fit (reason {@code too_large}): the size in bytes of the original value. */
    public static final String HEADER_DLQ_ORIGINAL_SIZE = "x-dlq-original-size";

    /** Key of a window-metrics record: {@code <symbol>|<window code>|<window start>}, e.g. {@code AAPL|15m|2026-11-27T14:30:00.000Z}. */
    public static String windowMetricsKey(String symbol, WindowSize size, Instant windowStart) {
        return symbol + "|" + size.code() + "|" + Timestamps.format(windowStart);
    }

    private Topics() {
    }
}

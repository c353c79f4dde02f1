package dev.stockpipe.spark.window;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.Timestamps;
import dev.stockpipe.contracts.Topics;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Publishes a micro-batch's finalised window rows to {@link Topics#METRICS_WINDOWS}, the live feed
 * of the dashboard. The key is {@link Topics#windowMetricsKey} and the value the JSON of
 * {@code JsonCodec.toNode(WindowMetrics)}, so {@code JsonCodec.parseWindowMetrics} reads it back.
 *
 * <p>It runs inside the idempotent {@code foreachBatch}, after the batch's lake output is in place:
 * when Spark replays a batch it rewrites the same keys with the same values, and the compacted topic
 * keeps one record per window. A failed send fails the batch, which is retried from the checkpoint.
 */
final class WindowMetricsPublisher {

    /** The canonical instant form of contracts' {@code Timestamps.format}; the session is UTC. */
    private static final String INSTANT_FORMAT = Timestamps.CANONICAL_PATTERN;

    private final String bootstrapServers;
    private final Map<String, String> clientOptions;
    private final String topic;

    /** @param clientOptions {@code kafka.}-prefixed security settings ({@link KafkaClientEnv}) */
    WindowMetricsPublisher(String bootstrapServers, Map<String, String> clientOptions, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.clientOptions = Map.copyOf(clientOptions);
        this.topic = topic;
    }

    String topic() {
        return topic;
    }

    /** Sends every row of {@code windows} (the columns of {@code WindowMetricsTransform}); returns once all are acknowledged. */
    void publish(Dataset<Row> windows, long batchId) {
        Dataset<Row> records = windows.select(
                concat_ws("|", col(Fields.SYMBOL), col(Fields.WINDOW_SIZE), date_format(col(Fields.WINDOW_START), INSTANT_FORMAT))
                        .as("key"),
                to_json(struct(col(Fields.SYMBOL), col(Fields.WINDOW_SIZE), col(Fields.WINDOW_START), col(Fields.WINDOW_END),
                        col(Fields.MOVING_AVG), col(Fields.VOLATILITY), col(Fields.VOLUME), col(Fields.TICK_COUNT)),
                        Map.of("timestampFormat", INSTANT_FORMAT, "ignoreNullFields", "false")).as("value"));
        try {
            records.write().format("kafka")
                    .options(clientOptions)
                    .option("kafka.bootstrap.servers", bootstrapServers)
                    .option("topic", topic)
                    .option("kafka.acks", "all")
                    .option("kafka.enable.idempotence", "true")
                    // bounded: an unreachable broker fails the batch within a minute instead of hanging
                    .option("kafka.max.block.ms", "30000")
                    .option("kafka.delivery.timeout.ms", "60000")
                    .option("kafka.request.timeout.ms", "20000")
                    .save();
        } catch (Exception e) { // Spark's SparkException is a checked exception Scala does not declare
            throw new IllegalStateException("Could not publish the window metrics of batch " + batchId + " to topic "
                    + topic + " at " + bootstrapServers + " (" + rootMessage(e) + "); the lake output of the batch is "
                    + "written and the batch is replayed from the checkpoint when the job runs again", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

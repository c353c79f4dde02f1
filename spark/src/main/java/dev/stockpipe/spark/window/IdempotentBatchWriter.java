package dev.stockpipe.spark.window;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import dev.stockpipe.contracts.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * {@code foreachBatch} sink that makes each micro-batch's output replaceable: the batch is written
 * to a staging directory, then its Parquet files are moved into their window size's
 * {@code window=…/date=…/} under names that start with {@code batch-<batchId>-}. Before moving,
 * files of the same batch id already in that date are deleted — so when Spark re-runs a batch after a
 * crash (same id, same data), the output is replaced, never appended twice.
 *
 * <p>With a {@link WindowMetricsPublisher}, the batch's rows then go to the live window-metrics
 * topic; a replay rewrites the same keys there too.
 *
 * <p>Runs on the driver; the counters (per window size) feed the job summary.
 */
final class IdempotentBatchWriter implements VoidFunction2<Dataset<Row>, Long> {

    static final String DATE_PARTITION = "date";
    private static final String DATE_DIR_PREFIX = DATE_PARTITION + "=";
    /** A staging-only copy of {@code window_size}: the files keep the column, the directories split by it. */
    private static final String SIZE_PARTITION = "_size";

    private final Map<String, String> outputRoots;
    private final String stagingRoot;
    private final Optional<WindowMetricsPublisher> publisher;
    /** Per window code; the maps are fixed at construction, only the counts change. */
    private final Map<String, AtomicLong> rowsWritten;
    private final Map<String, AtomicLong> rowsPublished;
    private final AtomicLong batches = new AtomicLong();

    /**
     * @param outputRoots per window code, e.g. {@code 15m → processed/realtime/window=15m/}
     * @param stagingRoot a directory only this query writes to
     */
    IdempotentBatchWriter(Map<String, String> outputRoots, String stagingRoot) {
        this(outputRoots, stagingRoot, Optional.empty());
    }

    /**
     * @param publisher where the batch's rows go after the lake, if anywhere
     */
    IdempotentBatchWriter(Map<String, String> outputRoots, String stagingRoot, Optional<WindowMetricsPublisher> publisher) {
        this.outputRoots = Map.copyOf(outputRoots);
        this.stagingRoot = stagingRoot;
        this.publisher = publisher;
        this.rowsWritten = counters(outputRoots.keySet());
        this.rowsPublished = counters(outputRoots.keySet());
    }

    private static Map<String, AtomicLong> counters(Set<String> codes) {
        return codes.stream().collect(Collectors.toUnmodifiableMap(code -> code, code -> new AtomicLong()));
    }

    /** File-name prefix of one batch's files; zero-padded so names sort by batch. */
    static String batchPrefix(long batchId) {
        return String.format("batch-%020d-", batchId);
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        Dataset<Row> out = batch.withColumn(DATE_PARTITION, to_date(col(Fields.WINDOW_START))).persist();
        try {
            Map<String, Long> rows = new HashMap<>();
            for (Row r : out.groupBy(col(Fields.WINDOW_SIZE)).count().collectAsList()) {
                rows.put(r.getString(0), r.getLong(1));
            }
            if (!outputRoots.keySet().containsAll(rows.keySet())) {
                throw new IllegalStateException("Batch " + batchId + " holds window sizes " + rows.keySet()
                        + " but this query writes " + outputRoots.keySet());
            }
            if (!rows.isEmpty()) {
                Path staging = new Path(stagingRoot, "batch=" + batchId);
                out.withColumn(SIZE_PARTITION, col(Fields.WINDOW_SIZE))
                        .repartition(col(SIZE_PARTITION), col(DATE_PARTITION)).write().mode(SaveMode.Overwrite)
                        .partitionBy(SIZE_PARTITION, DATE_PARTITION).parquet(staging.toString());
                publish(batch.sparkSession().sparkContext().hadoopConfiguration(), staging, batchId);
                if (publisher.isPresent()) {
                    publisher.get().publish(out, batchId);
                    rows.forEach((code, n) -> rowsPublished.get(code).addAndGet(n));
                }
            }
            rows.forEach((code, n) -> rowsWritten.get(code).addAndGet(n));
            batches.incrementAndGet();
        } finally {
            out.unpersist();
        }
    }

    private void publish(Configuration conf, Path staging, long batchId) {
        String prefix = batchPrefix(batchId);
        try {
            FileSystem fs = staging.getFileSystem(conf);
            for (FileStatus sizeDir : fs.listStatus(staging, p -> p.getName().startsWith(SIZE_PARTITION + "="))) {
                String outputRoot = outputRoots.get(sizeDir.getPath().getName().substring(SIZE_PARTITION.length() + 1));
                for (FileStatus dateDir : fs.listStatus(sizeDir.getPath(), p -> p.getName().startsWith(DATE_DIR_PREFIX))) {
                    Path target = new Path(outputRoot, dateDir.getPath().getName());
                    fs.mkdirs(target);
                    for (FileStatus old : fs.listStatus(target, p -> p.getName().startsWith(prefix))) {
                        fs.delete(old.getPath(), false);
                    }
                    for (FileStatus part : fs.listStatus(dateDir.getPath(), p -> p.getName().endsWith(".parquet")
                            && !p.getName().startsWith(".") && !p.getName().startsWith("_"))) {
                        Path dest = new Path(target, prefix + part.getPath().getName());
                        if (!fs.rename(part.getPath(), dest)) {
                            throw new IOException("rename " + part.getPath() + " -> " + dest + " returned false");
                        }
                    }
                }
            }
            fs.delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not publish window metrics of batch " + batchId + " from " + staging
                    + " to " + outputRoots.values() + "; the batch will be retried from the checkpoint", e);
        }
    }

    long rowsWritten(String windowCode) {
        return rowsWritten.get(windowCode).get();
    }

    long rowsPublished(String windowCode) {
        return rowsPublished.get(windowCode).get();
    }

    long batches() {
        return batches.get();
    }
}

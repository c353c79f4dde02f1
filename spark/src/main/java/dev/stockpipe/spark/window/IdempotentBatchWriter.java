package dev.stockpipe.spark.window;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import dev.stockpipe.contracts.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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
 * to a staging directory, then its Parquet files are moved into {@code date=…/} under names that
 * start with {@code batch-<batchId>-}. Before moving, files of the same batch id already in that
 * date are deleted — so when Spark re-runs a batch after a crash (same id, same data), the output
 * is replaced, never appended twice.
 *
 * <p>With a {@link WindowMetricsPublisher}, the batch's rows then go to the live window-metrics
 * topic; a replay rewrites the same keys there too.
 *
 * <p>Runs on the driver; the counters feed the job summary.
 */
final class IdempotentBatchWriter implements VoidFunction2<Dataset<Row>, Long> {

    static final String DATE_PARTITION = "date";
    private static final String DATE_DIR_PREFIX = DATE_PARTITION + "=";

    private final String outputRoot;
    private final String stagingRoot;
    private final Optional<WindowMetricsPublisher> publisher;
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong rowsPublished = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    /**
     * @param outputRoot  {@code processed/realtime/window=15m/}
     * @param stagingRoot a directory only this query writes to
     */
    IdempotentBatchWriter(String outputRoot, String stagingRoot) {
        this(outputRoot, stagingRoot, Optional.empty());
    }

    /**
     * @param publisher where the batch's rows go after the lake, if anywhere
     */
    IdempotentBatchWriter(String outputRoot, String stagingRoot, Optional<WindowMetricsPublisher> publisher) {
        this.outputRoot = outputRoot;
        this.stagingRoot = stagingRoot;
        this.publisher = publisher;
    }

    /** File-name prefix of one batch's files; zero-padded so names sort by batch. */
    static String batchPrefix(long batchId) {
        return String.format("batch-%020d-", batchId);
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        Dataset<Row> out = batch.withColumn(DATE_PARTITION, to_date(col(Fields.WINDOW_START))).persist();
        try {
            long rows = out.count();
            if (rows > 0) {
                Path staging = new Path(stagingRoot, "batch=" + batchId);
                out.repartition(col(DATE_PARTITION)).write().mode(SaveMode.Overwrite).partitionBy(DATE_PARTITION)
                        .parquet(staging.toString());
                publish(batch.sparkSession().sparkContext().hadoopConfiguration(), staging, batchId);
                if (publisher.isPresent()) {
                    publisher.get().publish(out, batchId);
                    rowsPublished.addAndGet(rows);
                }
            }
            rowsWritten.addAndGet(rows);
            batches.incrementAndGet();
        } finally {
            out.unpersist();
        }
    }

    private void publish(Configuration conf, Path staging, long batchId) {
        String prefix = batchPrefix(batchId);
        try {
            FileSystem fs = staging.getFileSystem(conf);
            for (FileStatus dateDir : fs.listStatus(staging, p -> p.getName().startsWith(DATE_DIR_PREFIX))) {
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
            fs.delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not publish window metrics of batch " + batchId + " from " + staging
                    + " to " + outputRoot + "; the batch will be retried from the checkpoint", e);
        }
    }

    long rowsWritten() {
        return rowsWritten.get();
    }

    long rowsPublished() {
        return rowsPublished.get();
    }

    long batches() {
        return batches.get();
    }
}

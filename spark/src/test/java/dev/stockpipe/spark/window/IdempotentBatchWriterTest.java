package dev.stockpipe.spark.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A retried batch id replaces its own output; other batches' files stay; each window size lands under its own root. */
class IdempotentBatchWriterTest {

    @TempDir
    Path dir;

    @Test
    void aRetriedBatchReplacesItsFilesInsteadOfAppending() throws IOException {
        SparkSession spark = SharedSpark.session();
        StructType schema = new StructType().add(Fields.SYMBOL, DataTypes.StringType)
                .add(Fields.WINDOW_SIZE, DataTypes.StringType)
                .add(Fields.WINDOW_START, DataTypes.TimestampType).add(Fields.TICK_COUNT, DataTypes.LongType);
        Dataset<Row> batch = spark.createDataFrame(List.of(
                RowFactory.create("AAA", "15m", Timestamp.from(Instant.parse("2024-01-05T23:55:00Z")), 3L),
                RowFactory.create("AAA", "15m", Timestamp.from(Instant.parse("2024-01-06T00:05:00Z")), 4L),
                RowFactory.create("AAA", "1h", Timestamp.from(Instant.parse("2024-01-06T00:00:00Z")), 9L)), schema);
        String out = dir.resolve("out").toUri().toString();
        String hourly = dir.resolve("hourly").toUri().toString();
        IdempotentBatchWriter writer = new IdempotentBatchWriter(Map.of("15m", out, "1h", hourly),
                dir.resolve("staging").toUri().toString());

        writer.call(batch, 7L);
        writer.call(batch, 7L); // Spark re-runs batch 7 after a crash
        writer.call(batch.limit(1), 8L);

        assertThat(spark.read().parquet(out).count()).isEqualTo(3);
        assertThat(writer.rowsWritten("15m")).isEqualTo(5); // counters count writes, replays included
        assertThat(writer.rowsWritten("1h")).isEqualTo(2);
        // the files keep window_size as a column, as readers of one size's directory expect
        assertThat(spark.read().parquet(hourly).select(Fields.WINDOW_SIZE, Fields.TICK_COUNT).collectAsList())
                .singleElement().hasToString("[1h,9]");
        assertThat(parquet(dir.resolve("out/date=2024-01-05"))).hasSize(2)
                .anyMatch(n -> n.startsWith(IdempotentBatchWriter.batchPrefix(7)))
                .anyMatch(n -> n.startsWith(IdempotentBatchWriter.batchPrefix(8)));
        assertThat(parquet(dir.resolve("out/date=2024-01-06"))).singleElement()
                .satisfies(n -> assertThat(n).startsWith(IdempotentBatchWriter.batchPrefix(7)));
        assertThat(dir.resolve("staging")).isEmptyDirectory();
    }

    @Test
    void aBatchWithASizeTheQueryDoesNotWriteFailsInsteadOfDroppingIt() {
        SparkSession spark = SharedSpark.session();
        StructType schema = new StructType().add(Fields.WINDOW_SIZE, DataTypes.StringType)
                .add(Fields.WINDOW_START, DataTypes.TimestampType);
        Dataset<Row> batch = spark.createDataFrame(List.of(
                RowFactory.create("1h", Timestamp.from(Instant.parse("2024-01-06T00:00:00Z")))), schema);
        IdempotentBatchWriter writer = new IdempotentBatchWriter(Map.of("15m", dir.resolve("out").toUri().toString()),
                dir.resolve("staging").toUri().toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.call(batch, 1L))
                .hasMessageContaining("window sizes [1h]").hasMessageContaining("[15m]");
    }

    private static List<String> parquet(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).toList();
        }
    }
}

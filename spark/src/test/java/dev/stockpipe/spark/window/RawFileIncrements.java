package dev.stockpipe.spark.window;

import static dev.stockpipe.spark.window.WindowChecks.assertSameWindows;
import static dev.stockpipe.spark.window.WindowChecks.expected;
import static dev.stockpipe.spark.window.WindowChecks.output;
import static dev.stockpipe.spark.window.WindowChecks.outputFiles;
import static dev.stockpipe.spark.window.WindowChecks.ticks;
import static dev.stockpipe.spark.window.WindowChecks.watermarkAfter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.spark.RawLakeWriter;
import dev.stockpipe.spark.lake.LakeLocation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The file-source scenario, run on a local lake and on s3a: two increments of raw files landed
 * as the lake-writer lands them, a tick behind the watermark, and a restart with nothing new.
 */
final class RawFileIncrements {

    static final Duration SLIDE = Duration.ofMinutes(5);
    static final Duration WATERMARK = Duration.ofMinutes(2);

    private final SparkSession spark;
    private final LakeLocation lake;
    private final RawLakeWriter raw;
    private final Map<String, String> env;
    private final int maxFilesPerTrigger;

    RawFileIncrements(SparkSession spark, LakeLocation lake, Map<String, String> env, int maxFilesPerTrigger) {
        this.spark = spark;
        this.lake = lake;
        this.raw = new RawLakeWriter(lake, spark.sparkContext().hadoopConfiguration());
        this.env = env;
        this.maxFilesPerTrigger = maxFilesPerTrigger;
    }

    /** Lands ticks as the lake-writer does: one object per UTC hour, consecutive offsets. */
    private void land(List<Tick> ticks, int partition, long firstOffset) {
        Map<Integer, List<Tick>> byHour = new TreeMap<>();
        ticks.forEach(t -> byHour.computeIfAbsent(t.ts().atZone(ZoneOffset.UTC).getHour(), h -> new ArrayList<>()).add(t));
        long offset = firstOffset;
        for (List<Tick> hour : byHour.values()) {
            raw.writeTicks(partition, offset, hour);
            offset += hour.size();
        }
    }

    private JsonNode run() {
        return WindowChecks.run(env, "--available-now", "--lake", lake.root(), "--max-files-per-trigger",
                String.valueOf(maxFilesPerTrigger), "--slide", "5m", "--watermark", "2m");
    }

    void runAndCheck() {
        List<Tick> first = ticks("2024-01-05T14:00:00Z", "2024-01-05T15:10:00Z", 0);
        land(first, 0, 0);

        JsonNode s1 = run();
        Instant w1 = watermarkAfter(first, WATERMARK);
        assertThat(s1.get("source").asText()).isEqualTo("files");
        assertThat(s1.get("lines_read").asLong()).isEqualTo(first.size());
        assertThat(Instant.parse(s1.get("watermark").asText())).isEqualTo(w1);
        var out1 = output(spark, lake);
        assertThat(out1).isNotEmpty();
        assertSameWindows(out1, expected(first, SLIDE, w1));

        // increment 2: more ticks, plus one tick whose every window the watermark has already closed
        List<Tick> second = ticks("2024-01-05T15:10:00Z", "2024-01-05T16:30:00Z", 1000);
        land(second, 0, 10_000);
        Tick late = new Tick("AAA", Instant.parse("2024-01-05T14:02:00Z"), 999.0, 1_000_000, 5000, Tick.SOURCE_SIMULATOR);
        raw.writeTicks(1, 0, List.of(late));

        JsonNode s2 = run();
        Instant w2 = watermarkAfter(second, WATERMARK);
        List<Tick> all = new ArrayList<>(first);
        all.addAll(second); // the late tick is not expected anywhere
        var out2 = output(spark, lake);
        assertSameWindows(out2, expected(all, SLIDE, w2));
        // the late tick falls in 3 windows of 15m and 12 of 1h, all closed: all 15 are dropped
        assertThat(s2.get("late_window_rows_dropped").asLong()).isEqualTo(15);

        // restart with nothing new: no new batches' output, nothing duplicated
        List<String> files = outputFiles(spark, lake);
        JsonNode s3 = run();
        assertThat(s3.get("lines_read").asLong()).isZero();
        assertThat(output(spark, lake).keySet()).isEqualTo(out2.keySet());
        assertThat(outputFiles(spark, lake)).isEqualTo(files);
    }
}

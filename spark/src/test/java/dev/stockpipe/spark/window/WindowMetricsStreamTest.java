package dev.stockpipe.spark.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.spark.RawLakeWriter;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.lake.LakeLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WindowMetricsStream in available-now mode over two increments of raw files: the window values
 * equal an independent computation over the same ticks, a restart from the checkpoint adds no
 * duplicates, and ticks behind the watermark are not counted.
 */
class WindowMetricsStreamTest {

    private static final Duration SLIDE = Duration.ofMinutes(5);
    private static final Duration WATERMARK = Duration.ofMinutes(2);

    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static LakeLocation lake;
    private static RawLakeWriter raw;

    @BeforeAll
    static void setUp() {
        spark = SharedSpark.session();
        lake = LakeLocation.parse(dir.resolve("lake").toString(), LakeLayout.DEFAULT);
        raw = new RawLakeWriter(lake, spark.sparkContext().hadoopConfiguration());
    }

    /** Ticks of two symbols every 50 s in [from, to); prices vary so stddev is not trivial. */
    private static List<Tick> ticks(String from, String to, long seqStart) {
        List<Tick> ticks = new ArrayList<>();
        long seq = seqStart;
        for (Instant t = Instant.parse(from); t.isBefore(Instant.parse(to)); t = t.plusSeconds(50)) {
            ticks.add(new Tick("AAA", t, 100 + (seq % 7) * 0.25, 10 + seq % 5, seq, Tick.SOURCE_SIMULATOR));
            ticks.add(new Tick("BBB", t.plusSeconds(7), 50 - (seq % 3) * 0.5, 3 + seq % 4, seq, Tick.SOURCE_SIMULATOR));
            seq++;
        }
        return ticks;
    }

    /** Lands ticks as the lake-writer does: one object per UTC hour, consecutive offsets. */
    private static void land(List<Tick> ticks, int partition, long firstOffset) {
        Map<Integer, List<Tick>> byHour = new TreeMap<>();
        ticks.forEach(t -> byHour.computeIfAbsent(t.ts().atZone(ZoneOffset.UTC).getHour(), h -> new ArrayList<>()).add(t));
        long offset = firstOffset;
        for (List<Tick> hour : byHour.values()) {
            raw.writeTicks(partition, offset, hour);
            offset += hour.size();
        }
    }

    private static JsonNode run() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = WindowMetricsStream.run(new String[] {"--available-now", "--lake", lake.root(),
                "--max-files-per-trigger", "1", "--slide", "5m", "--watermark", "2m"}, Map.of(), SharedSpark.provider(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JsonCodec.readTree(lines[lines.length - 1].getBytes(StandardCharsets.UTF_8));
    }

    /** Independent computation: every window [start, start+L) with start on the slide grid that contains t. */
    private static Map<String, double[]> expected(List<Tick> ticks, Instant watermark) {
        Map<String, List<Tick>> members = new TreeMap<>();
        for (WindowSize size : WindowSize.values()) {
            long len = size.length().toSeconds();
            long slide = SLIDE.toSeconds();
            for (Tick t : ticks) {
                long sec = t.ts().getEpochSecond();
                for (long start = Math.floorDiv(sec, slide) * slide; start + len > sec; start -= slide) {
                    if (start + len <= watermark.getEpochSecond()) {
                        members.computeIfAbsent(key(t.symbol(), size.code(), Instant.ofEpochSecond(start)),
                                k -> new ArrayList<>()).add(t);
                    }
                }
            }
        }
        Map<String, double[]> result = new TreeMap<>();
        members.forEach((k, ts) -> {
            double mean = ts.stream().mapToDouble(Tick::price).average().orElseThrow();
            double var = ts.size() < 2 ? Double.NaN
                    : ts.stream().mapToDouble(t -> (t.price() - mean) * (t.price() - mean)).sum() / (ts.size() - 1);
            result.put(k, new double[] {mean, Math.sqrt(var), ts.stream().mapToLong(Tick::volume).sum(), ts.size()});
        });
        return result;
    }

    private static String key(String symbol, String size, Instant start) {
        return symbol + "|" + size + "|" + start;
    }

    /** Everything written so far, keyed by (symbol, window size, start); a duplicate key fails the test. */
    private static Map<String, double[]> output() {
        Map<String, double[]> result = new TreeMap<>();
        for (WindowSize size : WindowSize.values()) {
            String root = lake.path(lake.layout().processedRealtimeRoot(size));
            if (!Files.exists(Path.of(java.net.URI.create(root)))) {
                continue;
            }
            for (Row r : spark.read().parquet(root).collectAsList()) {
                assertThat((String) r.getAs(Fields.WINDOW_SIZE)).isEqualTo(size.code());
                Instant start = r.<java.sql.Timestamp>getAs(Fields.WINDOW_START).toInstant();
                assertThat(r.<java.sql.Timestamp>getAs(Fields.WINDOW_END).toInstant()).isEqualTo(start.plus(size.length()));
                assertThat(r.<java.sql.Date>getAs("date").toLocalDate()).isEqualTo(start.atZone(ZoneOffset.UTC).toLocalDate());
                Double vol = r.getAs(Fields.VOLATILITY);
                double[] v = {r.getAs(Fields.MOVING_AVG), vol == null ? Double.NaN : vol, (long) r.getAs(Fields.VOLUME),
                        (long) r.getAs(Fields.TICK_COUNT)};
                String k = key(r.getAs(Fields.SYMBOL), size.code(), start);
                assertThat(result.put(k, v)).as("duplicate window " + k).isNull();
            }
        }
        return result;
    }

    private static void assertSameWindows(Map<String, double[]> actual, Map<String, double[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, e) -> {
            double[] a = actual.get(k);
            assertThat(a[0]).as(k + " moving_avg").isCloseTo(e[0], within(1e-9));
            if (Double.isNaN(e[1])) {
                assertThat(a[1]).as(k + " volatility of one tick").isNaN();
            } else {
                assertThat(a[1]).as(k + " volatility").isCloseTo(e[1], within(1e-9));
            }
            assertThat(a[2]).as(k + " volume").isEqualTo(e[2]);
            assertThat(a[3]).as(k + " tick_count").isEqualTo(e[3]);
        });
    }

    private static long parquetFiles() throws IOException {
        Path root = Path.of(java.net.URI.create(lake.path(lake.layout().processedRoot())));
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")
                    && p.toString().contains("/window=")).count();
        }
    }

    @Test
    void twoIncrementsRestartAndLateTicks() throws IOException {
        List<Tick> first = ticks("2024-01-05T14:00:00Z", "2024-01-05T15:10:00Z", 0);
        land(first, 0, 0);

        JsonNode s1 = run();
        Instant w1 = first.stream().map(Tick::ts).max(Instant::compareTo).orElseThrow().minus(WATERMARK);
        assertThat(Instant.parse(s1.get("windows").get("15m").get("watermark").asText())).isEqualTo(w1);
        Map<String, double[]> out1 = output();
        assertThat(out1).isNotEmpty();
        assertSameWindows(out1, expected(first, w1));

        // increment 2: more ticks, plus one tick whose every window the watermark has already closed
        List<Tick> second = ticks("2024-01-05T15:10:00Z", "2024-01-05T16:30:00Z", 1000);
        land(second, 0, 10_000);
        Tick late = new Tick("AAA", Instant.parse("2024-01-05T14:02:00Z"), 999.0, 1_000_000, 5000, Tick.SOURCE_SIMULATOR);
        raw.writeTicks(1, 0, List.of(late));

        JsonNode s2 = run();
        Instant w2 = second.stream().map(Tick::ts).max(Instant::compareTo).orElseThrow().minus(WATERMARK);
        List<Tick> all = new ArrayList<>(first);
        all.addAll(second); // the late tick is not expected anywhere
        Map<String, double[]> out2 = output();
        assertSameWindows(out2, expected(all, w2));
        assertThat(s2.get("windows").get("15m").get("late_rows_dropped").asLong()).isPositive();
        assertThat(s2.get("windows").get("1h").get("late_rows_dropped").asLong()).isPositive();

        // restart with nothing new: no new batches' output, nothing duplicated
        long files = parquetFiles();
        run();
        assertThat(output().keySet()).isEqualTo(out2.keySet());
        assertThat(parquetFiles()).isEqualTo(files);
    }
}

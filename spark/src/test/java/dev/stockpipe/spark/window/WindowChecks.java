package dev.stockpipe.spark.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.RuntimeEnv;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.WindowMetrics;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.lake.LakeLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every WindowMetricsStream test needs, whatever the source (raw files, Kafka) and the lake
 * (local, s3a): generated ticks, the job run under the job contract, the window metrics written so
 * far, and an independent plain-Java computation of the expected windows to compare them with.
 */
final class WindowChecks {

    /** Values of one window: {@code volatility} is NaN where Spark writes null (one tick). */
    record Window(double movingAvg, double volatility, long volume, long tickCount) {
    }

    private WindowChecks() {
    }

    /** Ticks of two symbols every 50 s in [from, to); prices vary so stddev is not trivial. */
    static List<Tick> ticks(String from, String to, long seqStart) {
        List<Tick> ticks = new ArrayList<>();
        long seq = seqStart;
        for (Instant t = Instant.parse(from); t.isBefore(Instant.parse(to)); t = t.plusSeconds(50)) {
            ticks.add(new Tick("AAA", t, 100 + (seq % 7) * 0.25, 10 + seq % 5, seq, Tick.SOURCE_SIMULATOR));
            ticks.add(new Tick("BBB", t.plusSeconds(7), 50 - (seq % 3) * 0.5, 3 + seq % 4, seq, Tick.SOURCE_SIMULATOR));
            seq++;
        }
        return ticks;
    }

    /** The watermark after a query has seen {@code ticks}: latest event time minus the delay. */
    static Instant watermarkAfter(List<Tick> ticks, Duration delay) {
        return ticks.stream().map(Tick::ts).max(Instant::compareTo).orElseThrow().minus(delay);
    }

    /** Runs the job with {@code args}, asserts exit 0 and returns the summary (last stdout line). */
    static JsonNode run(Map<String, String> env, String... args) {
        return runExpectingExit(0, env, args);
    }

    /** Runs the job with {@code args}, asserts exit 1 and returns the failure summary (last stdout line). */
    static JsonNode runExpectingFailure(Map<String, String> env, String... args) {
        return runExpectingExit(1, env, args);
    }

    private static JsonNode runExpectingExit(int expectedExit, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = WindowMetricsStream.run(args, env, SharedSpark.provider(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JsonCodec.readTree(lines[lines.length - 1].getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The live feed as a reader from the start of the compacted topic sees it: the latest value per
     * key. Every record is read back with the contract's decoder, and its key must be the contract's key.
     */
    static Map<String, Window> published(Map<String, String> env, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS));
        Map<String, Window> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("reading " + topic + " to its end").isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    WindowMetrics m = JsonCodec.parseWindowMetrics(r.value());
                    assertThat(r.key()).isEqualTo(Topics.windowMetricsKey(m.symbol(), m.windowSize(), m.windowStart()));
                    assertThat(m.windowEnd()).isEqualTo(m.windowStart().plus(m.windowSize().length()));
                    latest.put(key(m.symbol(), m.windowSize().code(), m.windowStart()), new Window(m.movingAvg(),
                            m.volatility() == null ? Double.NaN : m.volatility(), m.volume(), m.tickCount()));
                }
            }
        }
        return latest;
    }

    /**
     * Independent computation: every window [start, start+L) with start on the slide grid that
     * contains a tick's time, kept when the watermark has passed its end (append mode emits only those).
     */
    static Map<String, Window> expected(List<Tick> ticks, Duration slide, Instant watermark) {
        Map<String, List<Tick>> members = new TreeMap<>();
        for (WindowSize size : WindowSize.values()) {
            long len = size.length().toSeconds();
            long step = slide.toSeconds();
            for (Tick t : ticks) {
                long sec = t.ts().getEpochSecond();
                for (long start = Math.floorDiv(sec, step) * step; start + len > sec; start -= step) {
                    if (start + len <= watermark.getEpochSecond()) {
                        members.computeIfAbsent(key(t.symbol(), size.code(), Instant.ofEpochSecond(start)),
                                k -> new ArrayList<>()).add(t);
                    }
                }
            }
        }
        Map<String, Window> result = new TreeMap<>();
        members.forEach((k, ts) -> {
            double mean = ts.stream().mapToDouble(Tick::price).average().orElseThrow();
            double var = ts.size() < 2 ? Double.NaN
                    : ts.stream().mapToDouble(t -> (t.price() - mean) * (t.price() - mean)).sum() / (ts.size() - 1);
            result.put(k, new Window(mean, Math.sqrt(var), ts.stream().mapToLong(Tick::volume).sum(), ts.size()));
        });
        return result;
    }

    private static String key(String symbol, String size, Instant start) {
        return symbol + "|" + size + "|" + start;
    }

    /** Everything written so far, keyed by (symbol, window size, start); a duplicate key fails the test. */
    static Map<String, Window> output(SparkSession spark, LakeLocation lake) {
        Map<String, Window> result = new TreeMap<>();
        for (WindowSize size : WindowSize.values()) {
            String root = lake.path(lake.layout().processedRealtimeRoot(size));
            if (!exists(spark, root)) {
                continue;
            }
            for (Row r : spark.read().parquet(root).collectAsList()) {
                assertThat((String) r.getAs(Fields.WINDOW_SIZE)).isEqualTo(size.code());
                Instant start = r.<Timestamp>getAs(Fields.WINDOW_START).toInstant();
                assertThat(r.<Timestamp>getAs(Fields.WINDOW_END).toInstant()).isEqualTo(start.plus(size.length()));
                assertThat(r.<Date>getAs(IdempotentBatchWriter.DATE_PARTITION).toLocalDate())
                        .isEqualTo(start.atZone(ZoneOffset.UTC).toLocalDate());
                Double vol = r.getAs(Fields.VOLATILITY);
                Window w = new Window(r.getAs(Fields.MOVING_AVG), vol == null ? Double.NaN : vol,
                        r.getAs(Fields.VOLUME), r.getAs(Fields.TICK_COUNT));
                String k = key(r.getAs(Fields.SYMBOL), size.code(), start);
                assertThat(result.put(k, w)).as("duplicate window " + k).isNull();
            }
        }
        return result;
    }

    static void assertSameWindows(Map<String, Window> actual, Map<String, Window> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, e) -> {
            Window a = actual.get(k);
            assertThat(a.movingAvg()).as(k + " moving_avg").isCloseTo(e.movingAvg(), within(1e-9));
            if (Double.isNaN(e.volatility())) {
                assertThat(a.volatility()).as(k + " volatility of one tick").isNaN();
            } else {
                assertThat(a.volatility()).as(k + " volatility").isCloseTo(e.volatility(), within(1e-9));
            }
            assertThat(a.volume()).as(k + " volume").isEqualTo(e.volume());
            assertThat(a.tickCount()).as(k + " tick_count").isEqualTo(e.tickCount());
        });
    }

    /** Paths of the Parquet files under {@code processed/realtime/window=…/}, on any file system. */
    static List<String> outputFiles(SparkSession spark, LakeLocation lake) {
        List<String> files = new ArrayList<>();
        for (WindowSize size : WindowSize.values()) {
            Path root = new Path(lake.path(lake.layout().processedRealtimeRoot(size)));
            try {
                FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (!fs.exists(root)) {
                    continue;
                }
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
                while (it.hasNext()) {
                    String p = it.next().getPath().toString();
                    if (p.endsWith(".parquet")) {
                        files.add(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files.stream().sorted().toList();
    }

    private static boolean exists(SparkSession spark, String uri) {
        Path p = new Path(uri);
        try {
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.stockpipe.spark.window;

import static dev.stockpipe.spark.window.WindowChecks.assertSameWindows;
import static dev.stockpipe.spark.window.WindowChecks.expected;
import static dev.stockpipe.spark.window.WindowChecks.output;
import static dev.stockpipe.spark.window.WindowChecks.outputFiles;
import static dev.stockpipe.spark.window.WindowChecks.ticks;
import static dev.stockpipe.spark.window.WindowChecks.watermarkAfter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RuntimeEnv;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.devstack.DevStack;
import dev.stockpipe.spark.SharedSpark;
import dev.stockpipe.spark.lake.LakeLocation;
import dev.stockpipe.spark.session.SparkSessions;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * WindowMetricsStream against devstack's real servers (KRaft broker and S3Proxy as child JVMs):
 * the raw-file scenario on an {@code s3a://} lake (checkpoints through the S3-safe checkpoint
 * manager, output moved with s3a renames), and {@code --source kafka} reading {@code stock.realtime}
 * with the Spark Kafka source's own kafka-clients (3.4) against the 4.1 broker.
 *
 * <p>The s3a test runs first, so the Kafka test (local lake, same shared session) also shows that
 * a local-lake run does not inherit the s3a-only checkpoint manager.
 *
 * <p>The Kafka test also follows the live feed: after every run the compacted metrics topic holds,
 * key for key, exactly the windows in the lake; a batch that could not publish fails the run and is
 * published by the next one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WindowMetricsStreamDevStackTest {

    private static final String BUCKET = "window-stream-lake";
    /** A metrics topic of the Kafka test's own: the s3a test publishes to the default one. */
    private static final String FEED = "window-feed-test";

    @TempDir
    static Path dir;
    private static DevStack stack;
    private static Map<String, String> env;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        stack = DevStack.builder().partitions(3).buckets(BUCKET)
                .topics(java.util.stream.Stream.concat(Topics.ALL.stream(), java.util.stream.Stream.of(FEED)).toList())
                .build().start();
        env = stack.connectionProperties();
        spark = SharedSpark.session();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void rawFileIncrementsOnS3aWithCheckpointsOnS3() throws Exception {
        LakeLocation lake = SharedSpark.configureLake("s3a://" + BUCKET, env);

        new RawFileIncrements(spark, lake, env, 2).runAndCheck();

        assertThat(spark.conf().get(SparkSessions.CHECKPOINT_MANAGER_KEY))
                .isEqualTo(SparkSessions.S3_CHECKPOINT_MANAGER);
        // the checkpoints are on S3, and no staging data is left behind
        var checkpoint = new org.apache.hadoop.fs.Path(lake.path(lake.layout().checkpointPrefix("window-metrics-windows-15m-1h")));
        FileSystem fs = checkpoint.getFileSystem(spark.sparkContext().hadoopConfiguration());
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(checkpoint, "commits"))).isTrue();
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(checkpoint, "offsets"))).isTrue();
        var staging = new org.apache.hadoop.fs.Path(checkpoint + "_staging");
        assertThat(!fs.exists(staging) || fs.listStatus(staging).length == 0).as("staging left behind").isTrue();
    }

    @Test
    @Order(2)
    void kafkaSourceReadsStockRealtimeFromTheBroker() throws Exception {
        LakeLocation lake = LakeLocation.parse(dir.resolve("kafka-lake").toString(), LakeLayout.DEFAULT);
        List<Tick> first = ticks("2024-01-05T14:00:00Z", "2024-01-05T15:10:00Z", 0);
        List<Tick> second = ticks("2024-01-05T15:10:00Z", "2024-01-05T16:30:00Z", 1000);
        Tick late = new Tick("AAA", Instant.parse("2024-01-05T14:02:00Z"), 999.0, 1_000_000, 5000, Tick.SOURCE_SIMULATOR);

        try (KafkaProducer<String, byte[]> producer = producer()) {
            produce(producer, first);

            JsonNode s1 = run(lake);
            Instant w1 = watermarkAfter(first, RawFileIncrements.WATERMARK);
            assertThat(s1.get("source").asText()).isEqualTo("kafka");
            assertThat(s1.get("invalid_rows").asLong()).isZero();
            assertThat(s1.get("lines_read").asLong()).isEqualTo(first.size());
            assertThat(s1.get("query").asText()).isEqualTo("window-metrics-kafka-windows-15m-1h");
            assertThat(s1.get("batches").asLong()).isGreaterThan(1); // --max-offsets-per-trigger splits the backlog
            assertThat(Instant.parse(s1.get("watermark").asText())).isEqualTo(w1);
            var out1 = output(spark, lake);
            assertThat(out1).isNotEmpty();
            assertSameWindows(out1, expected(first, RawFileIncrements.SLIDE, w1));
            assertThat(s1.get("published_to").asText()).isEqualTo(FEED);
            assertSameWindows(WindowChecks.published(env, FEED), out1);

            // increment 2, then a tick behind the watermark (after them in its partition), then two records
            // the lake-writer would dead-letter: straight from Kafka the stream must count them, not use them
            produce(producer, second);
            produce(producer, List.of(late));
            producer.send(new ProducerRecord<>(Topics.REALTIME, "AAA", "not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.REALTIME, "AAA", new String(JsonCodec.toBytes(second.get(0)),
                    StandardCharsets.UTF_8).replaceFirst("\"price\":[0-9.]+", "\"price\":-5.0").getBytes(StandardCharsets.UTF_8))).get();
            JsonNode s2 = run(lake);
            assertThat(s2.get("invalid_rows").asLong()).isEqualTo(2);
            assertThat(s2.get("invalid_by_reason").get("malformed_json").asLong()).isEqualTo(1);
            assertThat(s2.get("invalid_examples").get("non_positive_or_non_finite_price").asText()).isEqualTo("price=-5.0");
            List<Tick> all = new ArrayList<>(first);
            all.addAll(second);
            var out2 = output(spark, lake);
            assertSameWindows(out2, expected(all, RawFileIncrements.SLIDE, watermarkAfter(second, RawFileIncrements.WATERMARK)));
            assertThat(s2.get("lines_read").asLong()).isEqualTo(second.size() + 3);
            assertThat(s2.get("late_window_rows_dropped").asLong()).isEqualTo(15); // 3 windows of 15m, 12 of 1h

            assertSameWindows(WindowChecks.published(env, FEED), out2);

            // restart from the checkpoint with nothing new on the topic: no new output, no duplicates
            List<String> files = outputFiles(spark, lake);
            JsonNode s3 = run(lake);
            assertThat(s3.get("lines_read").asLong()).isZero();
            assertThat(output(spark, lake).keySet()).isEqualTo(out2.keySet());
            assertThat(outputFiles(spark, lake)).isEqualTo(files);
            assertThat(s3.get("windows").get("15m").get("rows_published").asLong()).isZero();
            assertSameWindows(WindowChecks.published(env, FEED), out2);

            // a batch that cannot publish (no such topic) fails the run, naming why; the next run replays it
            // from the checkpoint, so the feed still ends up with every window the lake has
            List<Tick> third = ticks("2024-01-05T16:30:00Z", "2024-01-05T17:40:00Z", 2000);
            produce(producer, third);
            JsonNode failed = WindowChecks.runExpectingFailure(env, args(lake, "missing-topic"));
            assertThat(failed.get("error").asText()).contains("Could not publish the window metrics")
                    .contains("missing-topic").contains("replayed from the checkpoint");
            run(lake);
            all.addAll(third);
            var out4 = output(spark, lake);
            assertSameWindows(out4, expected(all, RawFileIncrements.SLIDE, watermarkAfter(third, RawFileIncrements.WATERMARK)));
            assertSameWindows(WindowChecks.published(env, FEED), out4);
        }
    }

    private static JsonNode run(LakeLocation lake) {
        return WindowChecks.run(env, args(lake, FEED));
    }

    private static String[] args(LakeLocation lake, String feed) {
        return new String[] {"--source", "kafka", "--available-now", "--lake", lake.root(),
                "--max-offsets-per-trigger", "100", "--slide", "5m", "--watermark", "2m", "--metrics-topic", feed};
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Keyed by symbol like the ingest service, so each symbol's ticks stay in order in one partition. */
    private static void produce(KafkaProducer<String, byte[]> producer, List<Tick> ticks)
            throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Tick t : ticks) {
            sent.add(producer.send(new ProducerRecord<>(Topics.REALTIME, t.symbol(), JsonCodec.toBytes(t))));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
    }
}

package dev.stockpipe.lakewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Violation;
import dev.stockpipe.devstack.DevStackExtension;
import dev.stockpipe.devstack.StackEndpoints;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Exactly once across process deaths and rebalances: the packaged writer runs as child processes
 * against one real broker and S3 server, while a producer streams ticks at a steady pace.
 */
class PackagedWriterIT {

    @RegisterExtension
    static final DevStackExtension STACK = new DevStackExtension();

    static final int TICKS = 20_000;
    static final Duration LANDING = Duration.ofMinutes(3);

    /** The packaged writer's rotation age (see {@link WriterProcess}). */
    static final Duration ROTATION_AGE = Duration.ofSeconds(2);
    /** A JVM start on two busy cores, the group join and the upload: what "a few seconds" may take here. */
    static final Duration START_UP = Duration.ofSeconds(12);

    /**
     * A crashed instance restarted under the same group instance id (the same pod) takes its partitions
     * back at once: without static membership it would wait for the dead member's session timeout
     * (30 s) before the first object. The measured time is written to {@code target/it-logs/}.
     */
    @Test
    void killDashNineMidStreamAndRestartLandsEveryRecordExactlyOnceAndResumesAtOnce(StackEndpoints stack) throws Exception {
        LocalDate day = LocalDate.of(2024, 6, 1);
        String prefix = LakeContents.realtimeDay(day);
        Map<String, String> env = Map.of("LAKE_CONSUMER_GROUP", "crash-it", "LAKE_GROUP_INSTANCE_ID", "crash-writer");
        startGroupAtTheEnd(stack, "crash-it");
        try (S3Client s3 = s3(stack); WriterProcess first = WriterProcess.start("crash-first", stack, env).awaitReady()) {
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> produce(stack, day));
            await().atMost(LANDING).ignoreExceptions().until(() -> LakeContents.lines(s3, stack.bucket(), prefix).size() >= TICKS / 5);
            assertThat(stream).as("killed mid-stream").isNotDone();

            first.kill();
            long restart = System.nanoTime();

            try (WriterProcess second = WriterProcess.start("crash-second", stack, env)) {
                await().atMost(LANDING).pollInterval(Duration.ofMillis(100))
                        .until(() -> MetricsText.sum(second.get("/q/metrics").body(), "lake_objects_written_total") > 0);
                Duration firstObject = Duration.ofNanos(System.nanoTime() - restart);
                record("restart-to-first-object", firstObject);
                assertThat(firstObject).as("restart (process start) to the first object landed")
                        .isLessThan(ROTATION_AGE.plus(START_UP));
                assertThat(second.logText()).contains("static member crash-writer");
                stream.get(3, TimeUnit.MINUTES);
                assertExactlyOnce(s3, stack, prefix);
            }
        }
    }

    /**
     * The DLQ refuses every write while the writer holds an invalid record: SIGTERM must still end the
     * process within a Kubernetes grace period (30 s by default), and the offset committed for that
     * partition must not pass the record. A new writer then lands everything once the DLQ accepts it.
     */
    @Test
    void sigtermWhileADlqWriteKeepsFailingStopsWithinTheGracePeriodAndCommitsNothingPastIt(StackEndpoints stack) throws Exception {
        LocalDate day = LocalDate.of(2024, 6, 3);
        Instant ts = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        String prefix = LakeContents.realtimeDay(day);
        String group = "dlq-stop-it";
        Map<String, String> env = Map.of("LAKE_CONSUMER_GROUP", group, "LAKE_GROUP_INSTANCE_ID", "dlq-stop-writer");
        TopicPartition stuck = new TopicPartition(Topics.REALTIME, 0);
        startGroupAtTheEnd(stack, group);
        String poison;
        try (S3Client s3 = s3(stack); Admin admin = DeadLetterBehaviourTest.admin(stack)) {
            DeadLetterBehaviourTest.dlqMaxMessageBytes(admin, "64");
            try (KafkaProducer<String, byte[]> producer = RealtimeLandingTest.producer(stack);
                    WriterProcess writer = WriterProcess.start("dlq-stop-first", stack, env).awaitReady()) {
                LakeWriterBehaviourTest.send(producer, Topics.REALTIME, 0, tick("DLQSTOP", ts, 0), null);
                poison = LakeWriterBehaviourTest.id(LakeWriterBehaviourTest.send(producer, Topics.REALTIME, 0,
                        "{\"symbol\":\"DLQSTOP\",".getBytes(StandardCharsets.UTF_8), null));
                LakeWriterBehaviourTest.send(producer, Topics.REALTIME, 0, tick("DLQSTOP", ts, 1), null);
                LakeWriterBehaviourTest.send(producer, Topics.REALTIME, 1, tick("DLQSTOP", ts, 2), null);

                await().atMost(LANDING).ignoreExceptions().until(() ->
                        LakeContents.tickCounts(s3, stack.bucket(), prefix).containsKey("DLQSTOP#2"));
                await().atMost(LANDING).until(() -> writer.get("/q/health/ready").body().contains("dead-letter-queue"));
                assertThat(writer.readiness()).isEqualTo(503);
                assertThat(MetricsText.sum(writer.get("/q/metrics").body(), "lake_dlq_send_failures_total")).isPositive();

                long sigterm = System.nanoTime();
                int exit = writer.stop();
                Duration stopped = Duration.ofNanos(System.nanoTime() - sigterm);
                record("sigterm-with-failing-dlq-to-exit", stopped);
                assertThat(exit).as("exit code").isIn(0, 143);
                assertThat(stopped).as("SIGTERM to exit").isLessThan(Duration.ofSeconds(30));
                assertThat(writer.logText()).contains("did not land within lake.shutdown-timeout");
            }
            long poisonOffset = Long.parseLong(poison.substring(poison.lastIndexOf('/') + 1));
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(stuck);
            assertThat(committed.offset()).as("committed offset of %s", stuck).isLessThanOrEqualTo(poisonOffset);
            assertThat(LakeContents.tickCounts(s3, stack.bucket(), prefix)).containsOnlyKeys("DLQSTOP#2");
        } finally {
            try (Admin admin = DeadLetterBehaviourTest.admin(stack)) {
                DeadLetterBehaviourTest.dlqMaxMessageBytes(admin, null);
            }
        }

        try (S3Client s3 = s3(stack); WriterProcess second = WriterProcess.start("dlq-stop-second", stack, env).awaitReady()) {
            await().atMost(LANDING).ignoreExceptions().untilAsserted(() -> assertThat(LakeContents.tickCounts(s3, stack.bucket(), prefix))
                    .isEqualTo(Map.of("DLQSTOP#0", 1, "DLQSTOP#1", 1, "DLQSTOP#2", 1)));
            Map<String, ConsumerRecord<String, byte[]>> dlq = DeadLetterQueue.awaitSources(stack.kafkaBootstrapServers(),
                    List.of(poison), LANDING);
            assertThat(DeadLetterQueue.header(dlq.get(poison), Topics.HEADER_DLQ_REASON)).startsWith(Violation.INVALID_JSON + ":");
            await().atMost(LANDING).until(() -> second.readiness() == 200);
        }
    }

    static byte[] tick(String symbol, Instant ts, long seq) {
        return JsonCodec.toBytes(new Tick(symbol, ts.plusMillis(seq), 10, 1, seq, Tick.SOURCE_SIMULATOR));
    }

    /** Keeps a measured figure next to the writers' logs, and prints it. */
    static void record(String what, Duration took) throws java.io.IOException {
        String line = what + " " + took.toMillis() + " ms";
        System.out.println("[measured] " + line);
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "it-logs"));
        java.nio.file.Files.writeString(dir.resolve("measurements.txt"), line + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void aSecondInstanceJoiningAndTheFirstLeavingMidStreamLoseAndDuplicateNothing(StackEndpoints stack) throws Exception {
        LocalDate day = LocalDate.of(2024, 6, 2);
        String prefix = LakeContents.realtimeDay(day);
        Map<String, String> env = Map.of("LAKE_CONSUMER_GROUP", "rebalance-it");
        startGroupAtTheEnd(stack, "rebalance-it");
        try (S3Client s3 = s3(stack); WriterProcess first = WriterProcess.start("rebalance-first", stack, env).awaitReady()) {
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> produce(stack, day));
            await().atMost(LANDING).ignoreExceptions().until(() -> LakeContents.lines(s3, stack.bucket(), prefix).size() >= TICKS / 5);

            try (WriterProcess second = WriterProcess.start("rebalance-second", stack, env).awaitReady()) {
                await().atMost(LANDING).ignoreExceptions().until(() -> second.logText().contains("Assigned " + Topics.REALTIME));
                await().atMost(LANDING).ignoreExceptions().until(() -> LakeContents.lines(s3, stack.bucket(), prefix).size() >= TICKS / 2);
                assertThat(stream).as("rebalanced mid-stream").isNotDone();

                // SIGTERM: the JVM runs the shutdown hooks and then exits with 128 + 15
                assertThat(first.stop()).as("exit code of the first writer").isIn(0, 143);
                assertThat(first.logText()).contains("All buffered records landed before shutdown");

                stream.get(3, TimeUnit.MINUTES);
                assertExactlyOnce(s3, stack, prefix);
                assertThat(first.logText()).contains("Revoked")
                        .as("a static member leaves explicitly, so its partitions need not wait for session.timeout.ms")
                        .contains("Left consumer group rebalance-it as static member rebalance-first");
            }
        }
    }

    static void assertExactlyOnce(S3Client s3, StackEndpoints stack, String prefix) {
        await().atMost(LANDING).ignoreExceptions().pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(LakeContents.tickCounts(s3, stack.bucket(), prefix)).hasSize(TICKS));
        Map<String, Integer> counts = LakeContents.tickCounts(s3, stack.bucket(), prefix);
        assertThat(counts).hasSize(TICKS);
        assertThat(counts.entrySet()).as("ticks landed more than once").filteredOn(e -> e.getValue() != 1).isEmpty();
        assertThat(LakeContents.lines(s3, stack.bucket(), prefix)).hasSize(TICKS);
    }

    /** Streams TICKS ticks at about 1,000 per second, so the faults happen while records arrive. */
    static void produce(StackEndpoints stack, LocalDate day) {
        Instant start = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        List<String> symbols = RealtimeLandingTest.SYMBOLS;
        try (KafkaProducer<String, byte[]> producer = RealtimeLandingTest.producer(stack)) {
            for (int i = 0; i < TICKS; i++) {
                String symbol = symbols.get(i % symbols.size());
                long seq = i / symbols.size();
                // 200 ms apart per symbol: 4,000 per symbol span about 13 minutes, across the 12:00 hour only
                Tick tick = new Tick(symbol, start.plusMillis(seq * 200), 100, 1, seq, Tick.SOURCE_SIMULATOR);
                producer.send(new ProducerRecord<>(Topics.REALTIME, symbol + "-" + (seq % 7), JsonCodec.toBytes(tick)));
                if (i % 100 == 99) {
                    producer.flush();
                    TimeUnit.MILLISECONDS.sleep(100); // pacing, not waiting for anything
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Each test's group starts where the topics end now, so it reads only that test's ticks. */
    static void startGroupAtTheEnd(StackEndpoints stack, String group) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(Topics.REALTIME, Topics.HISTORICAL)) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        }
    }

    static S3Client s3(StackEndpoints stack) {
        return S3Client.builder()
                .endpointOverride(java.net.URI.create(stack.s3Endpoint()))
                .region(Region.of(stack.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .forcePathStyle(true)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }
}

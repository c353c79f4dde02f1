package dev.stockpipe.lakewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.devstack.DevStackExtension;
import dev.stockpipe.devstack.StackEndpoints;
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

    @Test
    void killDashNineMidStreamAndRestartLandsEveryRecordExactlyOnce(StackEndpoints stack) throws Exception {
        LocalDate day = LocalDate.of(2024, 6, 1);
        String prefix = LakeContents.realtimeDay(day);
        Map<String, String> env = Map.of("LAKE_CONSUMER_GROUP", "crash-it");
        startGroupAtTheEnd(stack, "crash-it");
        try (S3Client s3 = s3(stack); WriterProcess first = WriterProcess.start("crash-first", stack, env).awaitReady()) {
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> produce(stack, day));
            await().atMost(LANDING).ignoreExceptions().until(() -> LakeContents.lines(s3, stack.bucket(), prefix).size() >= TICKS / 5);
            assertThat(stream).as("killed mid-stream").isNotDone();

            first.kill();

            try (WriterProcess second = WriterProcess.start("crash-second", stack, env).awaitReady()) {
                stream.get(3, TimeUnit.MINUTES);
                assertExactlyOnce(s3, stack, prefix);
            }
        }
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
                assertThat(first.logText()).contains("Revoked");
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

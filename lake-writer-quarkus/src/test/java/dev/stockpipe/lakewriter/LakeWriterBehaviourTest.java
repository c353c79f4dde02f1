package dev.stockpipe.lakewriter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RunManifest;
import dev.stockpipe.contracts.RunManifest.ManifestObject;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Violation;
import dev.stockpipe.contracts.fixtures.Fixtures;
import dev.stockpipe.contracts.fixtures.Fixtures.Fixture;
import dev.stockpipe.devstack.DevStack;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.lakewriter.manifest.LedgerKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The writer's behaviour around the happy path, against one real broker and S3 server: poison
 * records, quiet partitions, run manifests and a lake outage. Each test writes its own UTC days so
 * the tests (and other classes sharing the stack) do not see each other's objects; the outage runs
 * last because it stops the S3 server.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LakeWriterBehaviourTest {

    static final Duration LANDING = Duration.ofMinutes(2);

    @InjectDevStack
    DevStack stack;

    @Inject
    S3Client s3;

    @Test
    @Order(1)
    void poisonRecordsGoToTheDlqWithTheirSourceAndReasonWhileValidNeighboursLand() throws Exception {
        LocalDate day = LocalDate.of(2024, 5, 1);
        Instant ts = day.atTime(10, 0).toInstant(ZoneOffset.UTC);
        Map<String, String> expected = new HashMap<>();   // "topic/partition/offset" -> violation code
        Map<String, byte[]> values = new HashMap<>();
        List<String> sent = new ArrayList<>();   // every record of this test, valid neighbours included
        try (KafkaProducer<String, byte[]> producer = RealtimeLandingTest.producer(stack)) {
            sent.add(id(send(producer, Topics.REALTIME, 1, JsonCodec.toBytes(new Tick("POIS", ts, 10, 1, 1, Tick.SOURCE_SIMULATOR)), null)));
            sent.add(id(send(producer, Topics.HISTORICAL, 1, JsonCodec.toBytes(bar("POIS", ts, "poison-run")), null)));
            List<Object[]> poison = new ArrayList<>();
            poison.add(new Object[] {Topics.REALTIME, "{\"symbol\": \"POIS\", ".getBytes(StandardCharsets.UTF_8), Violation.INVALID_JSON});
            poison.add(new Object[] {Topics.HISTORICAL, new byte[0], Violation.INVALID_JSON});
            for (Fixture f : Fixtures.invalidTicks()) {
                poison.add(new Object[] {Topics.REALTIME, f.bytes(), f.expectedViolation()});
            }
            for (Fixture f : Fixtures.invalidBars()) {
                poison.add(new Object[] {Topics.HISTORICAL, f.bytes(), f.expectedViolation()});
            }
            for (Object[] p : poison) {
                String id = id(send(producer, (String) p[0], 1, (byte[]) p[1], null));
                sent.add(id);
                expected.put(id, (String) p[2]);
                values.put(id, (byte[]) p[1]);
            }
            sent.add(id(send(producer, Topics.REALTIME, 1, JsonCodec.toBytes(new Tick("POIS", ts.plusSeconds(1), 10, 1, 2, Tick.SOURCE_SIMULATOR)), null)));
            sent.add(id(send(producer, Topics.HISTORICAL, 1, JsonCodec.toBytes(bar("POIS", ts.plus(Duration.ofDays(1)), "poison-run")), null)));
        }

        Map<String, ConsumerRecord<String, byte[]>> dlq = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DLQ).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(LANDING).ignoreExceptions().untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    dlq.put(header(r, Topics.HEADER_DLQ_TOPIC) + "/" + header(r, Topics.HEADER_DLQ_PARTITION) + "/"
                            + header(r, Topics.HEADER_DLQ_OFFSET), r);
                }
                assertThat(dlq.keySet()).containsAll(expected.keySet());
            });
        }
        // other test classes share the stack and its DLQ: look only at this test's records
        assertThat(dlq.keySet()).filteredOn(sent::contains).as("only the poison records reach the DLQ")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((id, code) -> {
            ConsumerRecord<String, byte[]> r = dlq.get(id);
            assertThat(header(r, Topics.HEADER_DLQ_REASON)).as(id).contains(code + ":");
            assertThat(r.value()).as(id + " value unchanged").isEqualTo(values.get(id));
        });

        String ticks = LakeContents.realtimeDay(day);
        await().atMost(LANDING).ignoreExceptions().untilAsserted(() ->
                assertThat(LakeContents.tickCounts(s3, stack.bucket(), ticks)).isEqualTo(Map.of("POIS#1", 1, "POIS#2", 1)));
        String bars = LakeLayout.DEFAULT.rawHistoricalRoot();
        await().atMost(LANDING).ignoreExceptions().untilAsserted(() -> assertThat(LakeContents.lines(s3, stack.bucket(), bars))
                .filteredOn(l -> l.json().get(Fields.SYMBOL).asText().equals("POIS")).hasSize(2));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        long counted = metrics.lines().filter(l -> l.startsWith("lake_dlq_records_total{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(counted).isGreaterThanOrEqualTo(expected.size());
    }

    @Test
    @Order(2)
    void aQuietPartitionLandsItsFewRecordsOnTheAgeLimit() throws Exception {
        // 3 ticks are far below the size (64 MiB) and count (500,000) limits: only the age (2 s in tests) lands them
        LocalDate day = LocalDate.of(2024, 5, 2);
        Instant ts = day.atTime(11, 0).toInstant(ZoneOffset.UTC);
        try (KafkaProducer<String, byte[]> producer = RealtimeLandingTest.producer(stack)) {
            for (int seq = 0; seq < 3; seq++) {
                send(producer, Topics.REALTIME, 2, JsonCodec.toBytes(new Tick("QUIET", ts.plusSeconds(seq), 5, 1, seq,
                        Tick.SOURCE_SIMULATOR)), null);
            }
        }

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
                LakeContents.tickCounts(s3, stack.bucket(), LakeContents.realtimeDay(day)))
                .isEqualTo(Map.of("QUIET#0", 1, "QUIET#1", 1, "QUIET#2", 1)));
    }

    @Test
    @Order(3)
    void aRunManifestAppearsOnlyOnceEveryPartitionsMarkerLandedWithCorrectCounts() throws Exception {
        String runId = "behaviour-run-1";
        int[] perPartition = {12, 10, 8};
        int total = 30;
        LocalDate firstDay = LocalDate.of(2023, 3, 1);
        LedgerKeys keys = new LedgerKeys(LakeLayout.DEFAULT);
        try (KafkaProducer<String, byte[]> producer = RealtimeLandingTest.producer(stack)) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < perPartition[p]; i++) {
                    Instant ts = firstDay.plusDays(i % 4).atStartOfDay().toInstant(ZoneOffset.UTC);
                    send(producer, Topics.HISTORICAL, p, JsonCodec.toBytes(bar("RUN" + p + "X" + i, ts, runId)), null);
                }
            }
            for (int p = 0; p < 2; p++) {
                sendMarker(producer, p, new EndOfRun(runId, total, perPartition[p], 3));
            }

            await().atMost(LANDING).ignoreExceptions().untilAsserted(() -> assertThat(LakeContents.keys(s3, stack.bucket(), keys.markers(runId)))
                    .containsExactlyInAnyOrder(keys.marker(runId, Topics.HISTORICAL, 0), keys.marker(runId, Topics.HISTORICAL, 1)));
            // partition 2's bars may well have landed by now, but its marker has not been sent
            assertThat(manifest(runId)).as("manifest before the last marker").isEmpty();

            sendMarker(producer, 2, new EndOfRun(runId, total, perPartition[2], 3));
        }

        RunManifest manifest = await().atMost(LANDING).ignoreExceptions().until(() -> manifest(runId), Optional::isPresent).orElseThrow();
        assertThat(manifest.runId()).isEqualTo(runId);
        assertThat(manifest.recordsSent()).isEqualTo(total);
        assertThat(manifest.recordsLanded()).isEqualTo(total);
        assertThat(manifest.partitionCount()).isEqualTo(3);
        for (int p = 0; p < 3; p++) {
            int partition = p;
            assertThat(manifest.objects().stream().filter(o -> o.partition() == partition).mapToLong(ManifestObject::records).sum())
                    .as("records of partition %d", p).isEqualTo(perPartition[p]);
        }
        for (ManifestObject object : manifest.objects()) {
            assertThat(object.key()).startsWith(LakeLayout.DEFAULT.rawHistoricalRoot());
            List<LakeContents.Line> lines = LakeContents.linesOf(s3, stack.bucket(), object.key());
            assertThat(lines).as(object.key()).hasSize((int) object.records())
                    .allMatch(l -> l.json().get(Fields.RUN_ID).asText().equals(runId));
        }
    }

    @Test
    @Order(4)
    void duringALakeOutageReadinessGoesDownAndEverythingLandsOnceWhenTheLakeIsBack() throws Exception {
        int ticks = 20_000;
        LocalDate day = LocalDate.of(2024, 5, 3);
        Instant start = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
        String prefix = LakeContents.realtimeDay(day);
        List<Integer> readiness = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean watching = new AtomicBoolean(true);
        ExecutorService watcher = Executors.newSingleThreadExecutor();
        watcher.submit(() -> {
            while (watching.get()) {
                readiness.add(given().get("/q/health/ready").statusCode());
                TimeUnit.MILLISECONDS.sleep(200);
            }
            return null;
        });
        try (KafkaProducer<String, byte[]> producer = RealtimeLandingTest.producer(stack)) {
            produceTicks(producer, start, 0, ticks / 2);
            await().atMost(LANDING).ignoreExceptions().until(() -> !LakeContents.keys(s3, stack.bucket(), prefix).isEmpty());
            assertThat(readiness).contains(200);

            stack.stopS3();
            produceTicks(producer, start, ticks / 2, ticks);
            await().atMost(LANDING).ignoreExceptions().until(() -> readiness.contains(503));
            // the S3 server stays down for 10 s; readiness must say DOWN all that time
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/q/health/ready").statusCode() == 503);
            stack.startS3();
        }

        await().atMost(LANDING).ignoreExceptions().until(() -> given().get("/q/health/ready").statusCode() == 200);
        await().atMost(LANDING).ignoreExceptions().pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(LakeContents.tickCounts(s3, stack.bucket(), prefix)).hasSize(ticks));
        watching.set(false);
        watcher.shutdown();
        Map<String, Integer> counts = LakeContents.tickCounts(s3, stack.bucket(), prefix);
        assertThat(counts).hasSize(ticks);
        assertThat(counts.values()).as("no tick landed twice").allMatch(c -> c == 1);
        int down = readiness.indexOf(503);
        assertThat(readiness.subList(0, down)).contains(200);
        assertThat(readiness.subList(down, readiness.size())).as("UP again after the outage").contains(200);
    }

    static void produceTicks(KafkaProducer<String, byte[]> producer, Instant start, int from, int to) {
        for (int i = from; i < to; i++) {
            String symbol = RealtimeLandingTest.SYMBOLS.get(i % RealtimeLandingTest.SYMBOLS.size());
            long seq = i / RealtimeLandingTest.SYMBOLS.size();
            Tick tick = new Tick(symbol, start.plusMillis(seq * 100), 100, 1, seq, Tick.SOURCE_SIMULATOR);
            producer.send(new ProducerRecord<>(Topics.REALTIME, symbol, JsonCodec.toBytes(tick)));
        }
        producer.flush();
    }

    static HistoricalBar bar(String symbol, Instant ts, String runId) {
        return new HistoricalBar(symbol, ts, BarInterval.ONE_DAY, 10, 12, 9, 11, 11.0, 1000, HistoricalBar.SOURCE_SYNTHETIC, runId);
    }

    Optional<RunManifest> manifest(String runId) {
        String key = LakeLayout.DEFAULT.manifestKey(runId);
        return LakeContents.keys(s3, stack.bucket(), key).contains(key)
                ? Optional.of(JsonCodec.parseManifest(s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key(key)).asByteArray()))
                : Optional.empty();
    }

    static void sendMarker(KafkaProducer<String, byte[]> producer, int partition, EndOfRun marker) throws Exception {
        send(producer, Topics.HISTORICAL, partition, JsonCodec.toBytes(marker), Topics.CONTROL_END_OF_RUN);
    }

    static RecordMetadata send(KafkaProducer<String, byte[]> producer, String topic, int partition, byte[] value,
            String control) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        if (control != null) {
            headers.add(Topics.HEADER_CONTROL, control.getBytes(StandardCharsets.UTF_8));
        }
        return producer.send(new ProducerRecord<String, byte[]>(topic, partition, (String) null, value, headers)).get(30, TimeUnit.SECONDS);
    }

    KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** {@code topic/partition/offset} of a sent record, as the DLQ headers name its source. */
    static String id(RecordMetadata m) {
        return m.topic() + "/" + m.partition() + "/" + m.offset();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

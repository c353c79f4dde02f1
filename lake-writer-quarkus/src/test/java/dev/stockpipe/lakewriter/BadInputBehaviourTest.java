package dev.stockpipe.lakewriter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Violation;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.devstack.StackEndpoints;
import dev.stockpipe.lakewriter.BadInput.Row;
import dev.stockpipe.lakewriter.deadletter.DeadLetterFormat;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every row of the bad-input table ({@link BadInput}, README "Bad input") through the real broker:
 * each row either lands exactly once or reaches the DLQ with its reason code — nothing is lost, and
 * the raw zone holds only lines that are exactly one JSON object.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class BadInputBehaviourTest {

    static final Duration LANDING = Duration.ofMinutes(2);
    static final int PARTITION = 0;

    @InjectDevStack
    StackEndpoints stack;

    @Inject
    S3Client s3;

    @Test
    void everyBadInputRowLandsOrReachesTheDlqWithItsReasonAndNothingIsLost() throws Exception {
        List<Row> rows = BadInput.rows();
        Map<String, Row> bySource = new LinkedHashMap<>();   // "topic/partition/offset" -> row
        try (KafkaProducer<String, byte[]> producer = RealtimeLandingTest.producer(stack)) {
            for (Row row : rows) {
                RecordHeaders headers = new RecordHeaders();
                if (row.control() != null) {
                    headers.add(Topics.HEADER_CONTROL, row.control().getBytes(StandardCharsets.UTF_8));
                }
                RecordMetadata m = producer.send(new ProducerRecord<>(row.topic(), PARTITION, row.key(), row.value(), headers))
                        .get(30, TimeUnit.SECONDS);
                bySource.put(LakeWriterBehaviourTest.id(m), row);
            }
        }
        List<String> dlqSources = bySource.entrySet().stream().filter(e -> !e.getValue().lands()).map(Map.Entry::getKey).toList();
        List<Row> landing = rows.stream().filter(Row::lands).toList();

        Map<String, ConsumerRecord<String, byte[]>> dlq = DeadLetterQueue.awaitSources(stack.kafkaBootstrapServers(), dlqSources, LANDING);
        LocalDate day = LocalDate.parse(BadInput.DAY);
        String ticks = LakeContents.realtimeDay(day);
        String bars = LakeLayout.DEFAULT.rawHistoricalPrefix(day);
        await().atMost(LANDING).ignoreExceptions().pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(landed(ticks).size() + landed(bars).size()).isGreaterThanOrEqualTo(landing.size()));

        Map<String, List<LakeContents.Line>> lines = new HashMap<>();
        lines.put(Topics.REALTIME, LakeContents.lines(s3, stack.bucket(), ticks));
        lines.put(Topics.HISTORICAL, LakeContents.lines(s3, stack.bucket(), bars));
        SoftAssertions softly = new SoftAssertions();
        bySource.forEach((source, row) -> {
            if (row.lands()) {
                softly.assertThat(lines.get(row.topic())).as("%s lands exactly once", row)
                        .filteredOn(l -> l.json().path(Fields.VOLUME).asLong() == row.marker()).hasSize(1);
                softly.assertThat(dlq).as("%s is not dead-lettered", row).doesNotContainKey(source);
            } else {
                String reason = DeadLetterQueue.header(dlq.get(source), Topics.HEADER_DLQ_REASON);
                softly.assertThat(Violation.codeOf(reason)).as("%s: DLQ reason '%s'", row, reason).isEqualTo(row.outcome());
            }
        });
        // nothing else landed on these days: no invalid row slipped through, and no row landed twice
        softly.assertThat(lines.get(Topics.REALTIME).size() + lines.get(Topics.HISTORICAL).size()).isEqualTo(landing.size());
        softly.assertAll();

        assertRawZoneHoldsOnlyWholeJsonObjects(lines);
        assertOversizedRecordsAreBoundedCopies(bySource, dlq);
        assertOffsetTimestampsLandInTheirUtcHour(lines.get(Topics.REALTIME));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(MetricsText.sum(metrics, "lake_records_key_mismatch_total", "kind=\"null\"")).isGreaterThanOrEqualTo(2);
        assertThat(MetricsText.sum(metrics, "lake_records_key_mismatch_total", "kind=\"other\"")).isGreaterThanOrEqualTo(2);
        assertThat(MetricsText.sum(metrics, "lake_dlq_truncated_total")).isGreaterThanOrEqualTo(2);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private List<LakeContents.Line> landed(String prefix) {
        return LakeContents.lines(s3, stack.bucket(), prefix);
    }

    /** What the contracts' trailing-content rule is for: each line of an object is exactly one JSON object. */
    private void assertRawZoneHoldsOnlyWholeJsonObjects(Map<String, List<LakeContents.Line>> lines) {
        lines.values().forEach(l -> assertThat(l).allSatisfy(line -> {
            assertThat(line.json().isObject()).isTrue();
            assertThat(line.json().path(Fields.SYMBOL).asText()).isIn("BADIN", "BRK.B");
        }));
    }

    private void assertOversizedRecordsAreBoundedCopies(Map<String, Row> bySource, Map<String, ConsumerRecord<String, byte[]>> dlq) {
        bySource.forEach((source, row) -> {
            if (!DeadLetterFormat.TOO_LARGE.equals(row.outcome())) {
                return;
            }
            ConsumerRecord<String, byte[]> r = dlq.get(source);
            assertThat(DeadLetterQueue.header(r, DeadLetterFormat.HEADER_ORIGINAL_SIZE)).as(row.toString())
                    .isEqualTo(Integer.toString(BadInput.ONE_MEGABYTE));
            assertThat(r.value()).as(row.toString()).hasSize(16_384).isEqualTo(Arrays.copyOf(row.value(), 16_384));
            assertThat(DeadLetterQueue.header(r, Topics.HEADER_DLQ_REASON)).contains(Violation.INVALID_JSON + ":");
            assertThat(DeadLetterQueue.source(r)).isEqualTo(source);
        });
    }

    private void assertOffsetTimestampsLandInTheirUtcHour(List<LakeContents.Line> ticks) {
        assertThat(ticks).allSatisfy(line -> assertThat(line.key()).contains("/hour=10/"));
        JsonNode plusTwo = ticks.stream().map(LakeContents.Line::json)
                .filter(j -> j.path(Fields.TS).asText().endsWith("+02:00")).findFirst().orElseThrow();
        assertThat(plusTwo.path(Fields.TS).asText()).as("the line is the record as sent").isEqualTo("2024-07-01T12:00:03.5+02:00");
    }
}

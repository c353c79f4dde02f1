package dev.stockpipe.lakewriter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Violation;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.devstack.StackEndpoints;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A DLQ that refuses writes holds back the partition of the rejected record (nothing after it may be
 * committed), so it must never be invisible: readiness goes DOWN naming the record and the error,
 * and every failed attempt is counted. Once the topic accepts the record, everything moves on.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class DeadLetterBehaviourTest {

    static final Duration LANDING = Duration.ofMinutes(2);
    static final int PARTITION = 2;

    @InjectDevStack
    StackEndpoints stack;

    @Inject
    S3Client s3;

    @Test
    void whileTheDlqRefusesAWriteReadinessIsDownWithTheReasonTheFailuresAreCountedAndThePartitionWaits() throws Exception {
        LocalDate day = LocalDate.of(2024, 7, 3);
        Instant ts = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
        String prefix = LakeContents.realtimeDay(day);
        String poison;
        try (Admin admin = admin(stack); KafkaProducer<String, byte[]> producer = RealtimeLandingTest.producer(stack)) {
            dlqMaxMessageBytes(admin, "64");   // smaller than any DLQ record with its headers
            try {
                poison = LakeWriterBehaviourTest.id(LakeWriterBehaviourTest.send(producer, Topics.REALTIME, PARTITION,
                        "{\"symbol\":\"DLQDOWN\"".getBytes(StandardCharsets.UTF_8), null));
                LakeWriterBehaviourTest.send(producer, Topics.REALTIME, PARTITION,
                        JsonCodec.toBytes(new Tick("DLQDOWN", ts, 10, 1, 1, Tick.SOURCE_SIMULATOR)), null);
                String source = poison.replace('/', '-').replaceFirst("-(\\d+)$", "@$1");

                await().atMost(LANDING).untilAsserted(() -> {
                    String body = given().get("/q/health/ready").then().statusCode(503).extract().asString();
                    assertThat(body).contains("dead-letter-queue").contains(source).contains("RecordTooLargeException");
                });
                String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
                assertThat(MetricsText.sum(metrics, "lake_dlq_send_failures_total", "topic=\"" + Topics.REALTIME + "\""))
                        .isPositive();
                assertThat(MetricsText.sum(metrics, "lake_dlq_sends_failing")).isGreaterThanOrEqualTo(1);
                // the valid tick after the poison record cannot land before the poison record is in the DLQ
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() ->
                        LakeContents.tickCounts(s3, stack.bucket(), prefix).isEmpty());
            } finally {
                dlqMaxMessageBytes(admin, null);
            }
        }

        await().atMost(LANDING).until(() -> given().get("/q/health/ready").statusCode() == 200);
        Map<String, ConsumerRecord<String, byte[]>> dlq = DeadLetterQueue.awaitSources(stack.kafkaBootstrapServers(),
                List.of(poison), LANDING);
        assertThat(Violation.codeOf(DeadLetterQueue.header(dlq.get(poison), Topics.HEADER_DLQ_REASON)))
                .as("a small record refused by the topic is not truncated: it waits for the topic")
                .isEqualTo(Violation.INVALID_JSON);
        await().atMost(LANDING).ignoreExceptions().untilAsserted(() ->
                assertThat(LakeContents.tickCounts(s3, stack.bucket(), prefix)).isEqualTo(Map.of("DLQDOWN#1", 1)));
    }

    static Admin admin(StackEndpoints stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
    }

    /** Sets {@code max.message.bytes} of {@code stock.dlq}, or removes the override ({@code null}). */
    static void dlqMaxMessageBytes(Admin admin, String bytes) throws Exception {
        ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DLQ);
        AlterConfigOp op = bytes == null
                ? new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(dlq, List.of(op))).all().get();
    }
}

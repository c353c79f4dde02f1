package dev.stockpipe.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Validated;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.devstack.StackEndpoints;
import dev.stockpipe.ingest.support.KafkaReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Policy {@code drop} under real pressure: an in-flight limit of 64 ticks against a requested
 * 1,000,000 ticks/s. Every generated tick is either acknowledged by the broker or counted as
 * dropped; the topic holds exactly the acknowledged ones, each once, with seq increasing per
 * symbol and the drops visible as gaps.
 */
@QuarkusTest
@TestProfile(SimulatorBackpressureIT.TinyInFlight.class)
@WithTestResource(value = DevStackTestResource.class, initArgs = {
        @ResourceArg(name = DevStackTestResource.ARG_TOPICS, value = SimulatorBackpressureIT.TOPIC),
        @ResourceArg(name = DevStackTestResource.ARG_S3, value = "false")})
class SimulatorBackpressureIT {

    static final String TOPIC = "test.backpressure";

    public static class TinyInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.realtime-out.max-inflight-messages", "64",
                    "mp.messaging.outgoing.realtime-out.topic", TOPIC,
                    "ingest.simulator.backpressure", "drop");
        }
    }

    @InjectDevStack
    StackEndpoints stack;

    @Test
    void dropCountsEveryTickKafkaHadNoRoomForAndSendsTheRestExactlyOnce() {
        given().post("/simulator/start?rate=1000000").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> status().getLong("ticks_dropped") > 10_000);
        given().post("/simulator/stop").then().statusCode(200);

        // once the last acknowledgements are in, generated = acknowledged + dropped
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath s = status();
            assertThat(s.getLong("ticks_generated")).isEqualTo((long) metric("ingest_ticks_sent_total") + s.getLong("ticks_dropped"));
        });
        long sent = (long) metric("ingest_ticks_sent_total");
        assertThat(metric("ingest_send_failures_total{channel=\"realtime-out\"")).isZero();
        assertThat((long) metric("ingest_ticks_dropped_total")).isEqualTo(status().getLong("ticks_dropped"));

        try (KafkaReader reader = new KafkaReader(stack.kafkaBootstrapServers(), TOPIC)) {
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(rs -> rs.size() >= sent, Duration.ofSeconds(60));
            assertThat(records).hasSize((int) sent);
            Map<String, Long> lastSeq = new HashMap<>();
            Set<String> ids = new HashSet<>();
            long gaps = 0;
            for (ConsumerRecord<String, byte[]> r : records) {
                Validated<Tick> v = RecordValidator.parseTick(r.value(), Instant.now());
                assertThat(v.reasons()).isEmpty();
                Tick t = v.value();
                assertThat(ids.add(t.symbol() + "/" + t.seq())).as("duplicate %s/%d", t.symbol(), t.seq()).isTrue();
                Long prev = lastSeq.put(t.symbol(), t.seq());
                if (prev != null) {
                    assertThat(t.seq()).as("seq of %s", t.symbol()).isGreaterThan(prev);
                    gaps += t.seq() - prev - 1;
                }
            }
            assertThat(gaps).as("dropped ticks leave gaps in seq").isPositive();
        }
    }

    private static JsonPath status() {
        return given().get("/simulator").then().statusCode(200).extract().jsonPath();
    }

    /** The first sample whose name (and labels, if given, without the closing brace) start the line. */
    private static double metric(String prefix) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(prefix) && " {,}".indexOf(l.charAt(prefix.length())) >= 0)
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(prefix + " is not in /q/metrics"));
    }
}

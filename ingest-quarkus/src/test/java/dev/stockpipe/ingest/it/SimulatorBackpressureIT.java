package dev.stockpipe.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.devstack.StackEndpoints;
import dev.stockpipe.ingest.support.SeqAudit;
import dev.stockpipe.ingest.support.SimulatorSnapshot;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Policy {@code drop} under real pressure: an in-flight limit of 64 ticks against a requested
 * 1,000,000 ticks/s. Every generated tick is either acknowledged by the broker or counted as
 * dropped; the topic holds exactly the acknowledged ones, each once, with seq increasing per
 * symbol, and its holes are exactly the drops and gaps the simulator counted per symbol.
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
        SimulatorSnapshot before = SimulatorSnapshot.take();
        given().post("/simulator/start?rate=1000000").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> status().getLong("ticks_dropped") > 10_000);
        given().post("/simulator/stop").then().statusCode(200);

        // once the last acknowledgements are in, generated = acknowledged + dropped
        await().atMost(Duration.ofSeconds(30)).until(() -> SimulatorSnapshot.take().inFlight() == 0);
        SimulatorSnapshot after = SimulatorSnapshot.take();
        assertThat(after.generated()).isEqualTo(after.sent() + after.dropped());
        assertThat(after.failed()).isZero();
        assertThat((long) metric("ingest_ticks_sent_total")).isEqualTo(after.sent());
        assertThat(metric("ingest_send_failures_total{channel=\"realtime-out\"")).isZero();
        assertThat((long) metric("ingest_ticks_dropped_total")).isEqualTo(after.dropped());
        assertThat((long) metric("ingest_seq_gaps_total")).isEqualTo(after.gaps());

        // the topic holds each acknowledged tick once, in seq order per symbol; its holes are exactly the counted drops
        SeqAudit audit = SeqAudit.of(stack.kafkaBootstrapServers(), TOPIC, before, after);
        assertThat(audit.records()).isEqualTo(after.sent());
        assertThat(audit.duplicates()).isZero();
        assertThat(audit.outOfOrder()).isZero();
        assertThat(audit.distinct()).isEqualTo(after.generated() - after.dropped());
        assertThat(after.gaps()).as("dropped ticks leave gaps in seq").isPositive();
        audit.assertHolesAreTheCountedDrops(before, after);
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

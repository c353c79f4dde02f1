package dev.stockpipe.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No broker at all (a loopback port nobody listens on): the service still starts and serves its page,
 * and says Kafka is DOWN, with the reason, and stale — never a blank page.
 */
@QuarkusTest
@TestProfile(KafkaDownIT.NoBroker.class)
class KafkaDownIT {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort(), "dashboard.daily.enabled", "false");
        }
    }

    @Test
    void kafkaDownShowsAsDownAndStaleNotABlankPage() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().get("/api/state").then().statusCode(200)
                        .body("health.kafka", equalTo("DOWN"))
                        .body("health.kafka_reason", not(emptyOrNullString()))
                        .body("stale_since", notNullValue()));
        given().get("/").then().statusCode(200).body(containsString("stale-banner"));
        given().get("/q/health/live").then().statusCode(200);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

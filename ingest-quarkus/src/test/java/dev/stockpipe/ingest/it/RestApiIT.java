package dev.stockpipe.ingest.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Validated;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.devstack.StackEndpoints;
import dev.stockpipe.ingest.support.InjectWireMock;
import dev.stockpipe.ingest.support.KafkaReader;
import dev.stockpipe.ingest.support.WireMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** REST control of backfills and the simulator, health, metrics and OpenAPI, over HTTP. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@WithTestResource(WireMockResource.class)
class RestApiIT {

    @InjectDevStack
    StackEndpoints stack;

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void listsSymbols() {
        given().get("/symbols").then().statusCode(200)
                .body("$", hasItems("AAPL", "MSFT", "GOOGL", "AMZN", "META", "TSLA", "NVDA"));
    }

    @Test
    void startsABackfillAndReportsItsProgress() {
        given().contentType(ContentType.JSON)
                .body("{\"source\":\"synthetic\",\"symbols\":[\"AAPL\",\"META\"],\"from\":\"2024-02-01\",\"to\":\"2024-02-07\",\"run_id\":\"rest-run-1\"}")
                .post("/backfills").then().statusCode(202).body("id", equalTo("rest-run-1"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/backfills/rest-run-1").then()
                .statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("symbols_done", hasItems("AAPL", "META"))
                .body("records_sent", equalTo(10))
                .body("markers_sent", equalTo(3)));
        given().get("/backfills").then().statusCode(200).body("id", hasItems("rest-run-1"));
        given().contentType(ContentType.JSON).body("{\"from\":\"2024-02-01\",\"to\":\"2024-02-07\",\"run_id\":\"rest-run-1\"}")
                .post("/backfills").then().statusCode(409);
    }

    @Test
    void rejectsBadRequestsWithAClearMessage() {
        given().contentType(ContentType.JSON).body("{\"from\":\"2024-02-07\",\"to\":\"2024-02-01\"}")
                .post("/backfills").then().statusCode(400).body("field", equalTo("to")).body("error", containsString("is before"));
        given().contentType(ContentType.JSON).body("{\"from\":\"2024-02-01\",\"to\":\"2024-02-02\",\"source\":\"bloomberg\"}")
                .post("/backfills").then().statusCode(400).body("error", containsString("yahoo, csv, synthetic"));
        given().get("/backfills/unknown").then().statusCode(404);
        given().post("/simulator/start?rate=0").then().statusCode(400).body("error", containsString("between 1 and"));
    }

    @Test
    void aSymbolTheSourceDoesNotKnowFailsTheRunWithoutMarkers() {
        wireMock.stubFor(get(urlPathEqualTo("/v8/finance/chart/ZZZZ")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\",\"description\":\"No data found\"}}}")));
        given().contentType(ContentType.JSON)
                .body("{\"source\":\"yahoo\",\"symbols\":[\"ZZZZ\"],\"from\":\"2024-02-01\",\"to\":\"2024-02-07\",\"run_id\":\"rest-run-yahoo-404\"}")
                .post("/backfills").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/backfills/rest-run-yahoo-404").then()
                .body("status", equalTo("failed"))
                .body("markers_sent", equalTo(0))
                .body("errors[0]", containsString("ZZZZ: Yahoo does not know the symbol ZZZZ")));
    }

    @Test
    void simulatorTicksHaveMonotonicSeqPerSymbolAndShowInMetrics() {
        given().post("/simulator/start?rate=500").then().statusCode(200).body("running", equalTo(true)).body("rate", equalTo(500));
        given().contentType(ContentType.JSON).body("{\"rate\":1000}").put("/simulator/rate").then().statusCode(200)
                .body("rate", equalTo(1000));
        try (KafkaReader reader = new KafkaReader(stack.kafkaBootstrapServers(), Topics.REALTIME)) {
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(rs -> rs.size() >= 3000, Duration.ofSeconds(90));
            given().post("/simulator/stop").then().statusCode(200).body("running", equalTo(false));

            Map<String, Long> lastSeq = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                Validated<Tick> v = RecordValidator.parseTick(r.value(), Instant.now());
                assertThat(v.reasons()).isEmpty();
                assertThat(r.key()).isEqualTo(v.value().symbol());
                Long prev = lastSeq.put(r.key(), v.value().seq());
                if (prev != null) {
                    assertThat(v.value().seq()).as("seq of %s", r.key()).isGreaterThan(prev);
                }
            }
            assertThat(lastSeq).containsOnlyKeys("AAPL", "MSFT", "GOOGL", "AMZN", "META", "TSLA", "NVDA");
        }
        given().get("/simulator").then().statusCode(200).body("running", equalTo(false))
                .body("backpressure", equalTo("drop"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("ingest_ticks_sent_total"))
                .body(containsString("ingest_ticks_dropped_total"))
                .body(containsString("ingest_bars_sent_total"))
                .body(containsString("ingest_send_failures_total{channel=\"realtime-out\"")));
    }

    @Test
    void healthOpenApiAreServed() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/backfills"), containsString("/simulator/start"));
    }
}

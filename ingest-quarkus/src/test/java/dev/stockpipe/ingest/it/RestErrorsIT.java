package dev.stockpipe.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.ingest.support.WireMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * The REST rows of README "Bad input": every 4xx carries a JSON body {@code {"error", "field"}}
 * naming what is wrong, including the errors raised before a resource method runs (unreadable
 * JSON, wrong content type, unknown path or method), and a bad query-parameter value is a 400,
 * never a 404. Shares the application of {@link RestApiIT} (same test resources).
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@WithTestResource(WireMockResource.class)
class RestErrorsIT {

    static final String GOOD = "\"from\":\"2024-02-01\",\"to\":\"2024-02-02\"";

    // ---- simulator --------------------------------------------------------------------------

    @Test
    void aRateThatIsNotANumberIsA400NamingRate() {
        error(given().post("/simulator/start?rate=fast"), 400, "rate", "'rate' must be a whole number", "got 'fast'");
    }

    @Test
    void aRateOutsideTheLimitsIsA400NamingRate() {
        error(given().post("/simulator/start?rate=0"), 400, "rate", "between 1 and 1000000");
        error(given().post("/simulator/start?rate=2000000"), 400, "rate", "got '2000000'");
        error(json().body("{\"rate\":0}").put("/simulator/rate"), 400, "rate", "between 1 and 1000000");
    }

    @Test
    void anUnknownBackpressurePolicyIsA400NamingIt() {
        error(given().post("/simulator/start?rate=10&backpressure=fast"), 400, "backpressure", "'drop' or 'slow-down'",
                "got 'fast'");
        given().get("/simulator").then().statusCode(200).body("running", equalTo(false));
    }

    @Test
    void aRateOfTheWrongTypeInTheBodyIsA400NamingRate() {
        error(json().body("{\"rate\":\"fast\"}").put("/simulator/rate"), 400, "rate", "'rate' must be a whole number",
                "got 'fast'");
        error(json().body("{}").put("/simulator/rate"), 400, "rate", "Send {\"rate\": N}");
    }

    // ---- unreadable requests ------------------------------------------------------------------

    @Test
    void malformedJsonIsA400NamingTheBody() {
        error(json().body("{\"from\": \"2024-02-01\",").post("/backfills"), 400, "body", "not valid JSON", "line 1");
        error(json().body("[1, 2]").post("/backfills"), 400, "body", "one JSON object");
        error(json().body("").post("/backfills"), 400, "body", "Send a JSON object");
    }

    @Test
    void aWrongContentTypeIsA415NamingTheHeader() {
        error(given().contentType(ContentType.TEXT).body("from=2024-02-01").post("/backfills"), 415, "Content-Type",
                "'text/plain", "application/json");
        error(given().contentType(ContentType.TEXT).body("5").put("/simulator/rate"), 415, "Content-Type",
                "application/json");
    }

    @Test
    void anUnknownFieldIsA400NamingIt() {
        error(json().body("{\"form\":\"2024-02-01\",\"to\":\"2024-02-02\"}").post("/backfills"), 400, "form",
                "Unknown field 'form'", "from", "run_id");
    }

    @Test
    void aFieldOfTheWrongShapeIsA400NamingIt() {
        error(json().body("{" + GOOD + ",\"symbols\":\"AAPL\"}").post("/backfills"), 400, "symbols", "'symbols' must be a list");
    }

    @Test
    void unknownPathsMethodsAndMediaTypesAnswerJson() {
        error(given().get("/no-such-thing"), 404, "path", "/no-such-thing");
        error(given().delete("/simulator"), 405, "method", "DELETE is not allowed on /simulator");
        error(given().accept("text/csv").get("/simulator"), 406, "Accept", "application/json");
        error(given().get("/backfills/never-started"), 404, "id", "never-started");
    }

    // ---- backfill requests ---------------------------------------------------------------------

    @Test
    void badSymbolsAreA400NamingSymbols() {
        error(post("{" + GOOD + ",\"symbols\":[\"AA PL\"]}"), 400, "symbols", "'AA PL' is not a ticker");
        error(post("{" + GOOD + ",\"symbols\":[\"AAPL\",\"\"]}"), 400, "symbols", "empty entry");
        error(post("{" + GOOD + ",\"symbols\":[]}"), 400, "symbols", "at least one symbol");
    }

    @Test
    void lowercaseSymbolsAreTakenAsTheirUpperCaseTicker() {
        post("{" + GOOD + ",\"symbols\":[\"aapl\"],\"run_id\":\"rest-lowercase\"}").then().statusCode(202)
                .body("symbols", hasItems("AAPL"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/backfills/rest-lowercase").then()
                .body("status", equalTo("succeeded")).body("records_sent", equalTo(2)));
    }

    @Test
    void anUnknownOrUnusableSourceIsA400NamingSource() {
        error(post("{" + GOOD + ",\"source\":\"bloomberg\"}"), 400, "source", "synthetic", "got 'bloomberg'");
        // ingest.csv.path (data/csv) does not exist in this test
        error(post("{" + GOOD + ",\"source\":\"csv\",\"symbols\":[\"AAPL\"]}"), 400, "source", "'csv' cannot be used",
                "INGEST_CSV_PATH");
    }

    @Test
    void badDatesAreA400NamingTheDate() {
        error(post("{\"from\":\"2024-13-01\",\"to\":\"2024-02-02\"}"), 400, "from", "YYYY-MM-DD", "2024-13-01");
        error(post("{\"to\":\"2024-02-02\"}"), 400, "from", "'from' is required");
        error(post("{\"from\":\"2024-02-07\",\"to\":\"2024-02-01\"}"), 400, "to", "2024-02-01 is before 'from' 2024-02-07");
        String tomorrow = LocalDate.now(ZoneId.of("America/New_York")).plusDays(2).toString();
        error(post("{\"from\":\"2024-02-01\",\"to\":\"" + tomorrow + "\"}"), 400, "to", "is in the future");
    }

    @Test
    void aBadIntervalOrRunIdIsA400NamingIt() {
        error(post("{" + GOOD + ",\"interval\":\"2m\"}"), 400, "interval", "1m, 5m, 15m, 1h, 1d", "got '2m'");
        error(post("{" + GOOD + ",\"run_id\":\"a b\"}"), 400, "run_id", "A-Z a-z 0-9 . _ -");
    }

    @Test
    void aRunIdThatSucceededIsA409ButAFailedOneMayRunAgain() {
        post("{" + GOOD + ",\"symbols\":[\"MSFT\"],\"run_id\":\"rest-twice\"}").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/backfills/rest-twice").then()
                .body("status", equalTo("succeeded")));
        error(post("{" + GOOD + ",\"run_id\":\"rest-twice\"}"), 409, "run_id", "is succeeded", "new run id");
    }

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    private static Response post(String body) {
        return json().body(body).post("/backfills");
    }

    /** Asserts the status, a JSON body naming {@code field}, and an error sentence containing each part. */
    private static void error(Response r, int status, String field, String... parts) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.asString()).startsWith("application/json");
        assertThat(r.jsonPath().getString("field")).as(r.asString()).isEqualTo(field);
        assertThat(r.jsonPath().getString("error")).as(r.asString()).contains(parts).doesNotContain("\n");
    }
}

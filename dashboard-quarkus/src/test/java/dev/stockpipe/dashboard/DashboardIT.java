package dev.stockpipe.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.WindowMetrics;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.dashboard.daily.DailyRefresher;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.devstack.StackEndpoints;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The dashboard over a real broker and S3 server: ticks and window rows in, state, stream and pages out. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    @InjectDevStack
    StackEndpoints stack;

    @Inject
    DailyRefresher daily;

    @TestHTTPResource("/api/stream")
    URL streamUrl;

    KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void close() {
        producer.close();
    }

    void sendTick(String symbol, double price) throws Exception {
        Tick tick = new Tick(symbol, Instant.now(), price, 10, System.nanoTime(), Tick.SOURCE_SIMULATOR);
        producer.send(new ProducerRecord<>(Topics.REALTIME, symbol, JsonCodec.toBytes(tick))).get();
    }

    void sendWindow(WindowMetrics m) throws Exception {
        producer.send(new ProducerRecord<>(Topics.METRICS_WINDOWS, Topics.windowMetricsKey(m.symbol(), m.windowSize(), m.windowStart()),
                JsonCodec.toBytes(m))).get();
    }

    @Test
    void theBoundOfOneStreamIsPublished() {
        JsonPath bound = given().get("/api/bound").then().statusCode(200).extract().jsonPath();
        assertThat(bound.getDouble("max_messages_per_second")).isEqualTo(4.0);
        assertThat(bound.getInt("symbols")).isGreaterThanOrEqualTo(7);
        // each known symbol adds its share; the cap of dashboard.max-symbols bounds the worst case
        assertThat(bound.getLong("max_delta_bytes")).isGreaterThan(bound.getInt("symbols") * 1000L);
        assertThat(bound.getLong("max_delta_bytes_at_max_symbols")).isGreaterThan(bound.getLong("max_delta_bytes"));
        assertThat(bound.getInt("max_symbols")).isEqualTo(200);
    }

    static JsonPath state() {
        return given().get("/api/state").then().statusCode(200).extract().jsonPath();
    }

    /** The consumer starts at the latest offset once it is assigned: keep sending until the price shows. */
    void tickUntilShown(String symbol, double price) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            sendTick(symbol, price);
            assertThat(state().getDouble("symbols.find { it.symbol == '" + symbol + "' }.price")).isEqualTo(price);
        });
    }

    @Test
    void ticksShowAsLastPriceAndTheTickRateComesFromThem() throws Exception {
        tickUntilShown("AAPL", 187.25);
        tickUntilShown("TSLA", 250.5); // not configured: seen on the topic, so known from now on
        JsonPath state = state();
        assertThat(state.getString("type")).isEqualTo("full");
        assertThat(state.getList("symbols.symbol", String.class)).contains("AAPL", "MSFT", "NVDA", "TSLA");
        assertThat(state.getString("symbols.find { it.symbol == 'AAPL' }.last_tick_ts")).endsWith("Z");
        given().get("/api/symbols/TSLA").then().statusCode(200).body("symbol.price", equalTo(250.5f));
    }

    @Test
    void unreadableTicksAndWindowsAreCounted() throws Exception {
        long ticksBefore = state().getLong("health.invalid_ticks");
        tickUntilShown("MSFT", 401.5); // the consumer is assigned: what follows is read
        producer.send(new ProducerRecord<>(Topics.REALTIME, "MSFT", "{\"symbol\":\"MSFT\",\"price\":\"oops\"}".getBytes(StandardCharsets.UTF_8))).get();
        producer.send(new ProducerRecord<>(Topics.METRICS_WINDOWS, "bad", "not json".getBytes(StandardCharsets.UTF_8))).get();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath state = state();
            assertThat(state.getLong("health.invalid_ticks")).isGreaterThan(ticksBefore);
            assertThat(state.getLong("health.invalid_windows")).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void theLatestWindowRowPerSymbolAndSizeIsShown() throws Exception {
        Instant end = Instant.parse("2026-01-05T15:00:00Z");
        sendWindow(new WindowMetrics("GOOGL", WindowSize.FIFTEEN_MINUTES, end.minusSeconds(900), end, 140.5, 0.75, 1200, 60));
        sendWindow(new WindowMetrics("GOOGL", WindowSize.FIFTEEN_MINUTES, end.minusSeconds(1200), end.minusSeconds(300), 139.0, 0.5, 900, 50));
        sendWindow(new WindowMetrics("GOOGL", WindowSize.ONE_HOUR, end.minusSeconds(3600), end, 141.0, null, 5000, 240));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath state = state();
            assertThat(state.getDouble("windows.find { it.symbol == 'GOOGL' && it.window == '15m' }.moving_avg")).isEqualTo(140.5);
            assertThat(state.getDouble("windows.find { it.symbol == 'GOOGL' && it.window == '1h' }.moving_avg")).isEqualTo(141.0);
            assertThat(state.getString("health.last_window_end")).isEqualTo("2026-01-05T15:00:00.000Z");
        });
        given().get("/api/symbols/GOOGL").then().statusCode(200).body("windows.window", hasItem("1h"));
    }

    @Test
    void theStreamStartsWithTheFullStateThenSendsDeltas() throws Exception {
        tickUntilShown("AMZN", 222.75);
        List<JsonNode> messages = new ArrayList<>();
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) streamUrl.openConnection();
        connection.setRequestProperty("Accept", "text/event-stream");
        connection.setReadTimeout(10_000);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(connection.getContentType()).startsWith("text/event-stream");
            String line;
            while (messages.size() < 3 && (line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    messages.add(JsonCodec.readTree(line.substring(5).trim().getBytes(StandardCharsets.UTF_8)));
                }
            }
        } finally {
            connection.disconnect();
        }
        JsonNode first = messages.get(0);
        assertThat(first.path("type").asText()).isEqualTo("full");
        assertThat(first.path("health").isObject()).isTrue();
        List<String> symbols = new ArrayList<>();
        first.path("symbols").forEach(s -> symbols.add(s.path("symbol").asText()));
        assertThat(symbols).contains("AAPL", "AMZN");
        assertThat(messages.subList(1, 3)).allSatisfy(m -> assertThat(m.path("type").asText()).isEqualTo("delta"));
    }

    @Test
    void unknownSymbolsGet404sNamingThemAndListingTheKnownOnes() {
        given().get("/symbols/NOPE").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("Unknown symbol: <code>NOPE</code>"), containsString("/symbols/AAPL"));
        given().get("/api/symbols/NOPE").then().statusCode(404)
                .body("symbol", equalTo("NOPE"), "known_symbols", hasItem("NVDA"));
        given().get("/symbols/AAPL").then().statusCode(200).body(containsString("Dashboard.start({symbol: \"AAPL\"})"));
        given().get("/").then().statusCode(200).body(containsString("id=\"stale-banner\""), containsString("id=\"health\""));
    }

    @Test
    void staleSinceTheLastTickOnceTicksStop() {
        tickUntilShown("META", 612.5);
        // no more ticks: after dashboard.stale-after (2 s in tests) the state names the last arrival
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath state = state();
            String lastArrival = state.getList("symbols.last_arrival", String.class).stream()
                    .filter(java.util.Objects::nonNull).max(String::compareTo).orElseThrow();
            assertThat(state.getString("stale_since")).isEqualTo(lastArrival);
        });
        tickUntilShown("META", 613.0);
        assertThat(state().getString("stale_since")).isNull();
    }

    @Test
    void healthShowsKafkaUpLagAndServiceReadiness() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath state = state();
            assertThat(state.getString("health.kafka")).isEqualTo("UP");
            // no lake-writer runs here: its group has committed nothing
            assertThat(state.getString("health.lake_writer_lag_note")).contains("lake-writer").contains("committed nothing");
            assertThat(state.getString("health.services.find { it.name == 'nowhere' }.status")).isEqualTo("unreachable");
        });
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void dailyMetricsOfTheNewestTradeDateComeFromTheProcessedZone() throws Exception {
        daily.refresh();
        given().get("/api/state").then().body("daily.status", equalTo("unavailable"),
                "daily.reason", containsString("no Parquet files"));

        Path dir = Files.createTempDirectory("daily-it");
        upload(dir, "2026-01-02", 90.0);
        upload(dir, "2026-01-05", 100.0);
        daily.refresh();

        JsonPath state = state();
        assertThat(state.getString("daily.status")).isEqualTo("ok");
        assertThat(state.getString("daily.rows.find { it.symbol == 'AAPL' }.trade_date")).isEqualTo("2026-01-05");
        assertThat(state.getDouble("daily.rows.find { it.symbol == 'AAPL' }.daily_close")).isEqualTo(105.0);
        assertThat(state.getDouble("daily.rows.find { it.symbol == 'AAPL' }.pct_change")).isEqualTo(5.0);
    }

    /** A Parquet file of the daily job's columns, written by DuckDB and put where Spark writes it. */
    void upload(Path dir, String date, double open) throws Exception {
        Path file = dir.resolve(date + ".parquet");
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties()); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT 'AAPL' AS symbol, DATE '" + date + "' AS trade_date, " + open + " AS daily_open, "
                    + (open + 10) + " AS daily_high, " + (open - 10) + " AS daily_low, " + (open + 5) + " AS daily_close, "
                    + "CAST(123456 AS BIGINT) AS daily_volume, " + (5 / open * 100) + " AS pct_change, CAST(390 AS BIGINT) AS bar_count"
                    + ") TO '" + file + "' (FORMAT parquet)");
        }
        try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(stack.s3Region()))
                .endpointOverride(URI.create(stack.s3Endpoint())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .build()) {
            String key = LakeLayout.DEFAULT.processedHistoricalPrefix(java.time.LocalDate.parse(date)) + "part-00000.parquet";
            s3.putObject(PutObjectRequest.builder().bucket(stack.bucket()).key(key).build(), RequestBody.fromFile(file));
        }
    }
}

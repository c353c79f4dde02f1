package dev.stockpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void barRoundTripsThroughTheWireFormat() {
        HistoricalBar bar = new HistoricalBar("BRK.B", Instant.parse("2024-01-05T14:30:00.123Z"), BarInterval.FIVE_MINUTES,
                405.1, 405.9, 404.8, 405.5, null, 1200, HistoricalBar.SOURCE_SYNTHETIC, "run-1");
        byte[] json = JsonCodec.toBytes(bar);
        assertThat(RecordValidator.parseBar(json, NOW).value()).isEqualTo(bar);
        JsonNode node = JsonCodec.readTree(json);
        assertThat(node.get(Fields.ADJ_CLOSE).isNull()).isTrue();
        assertThat(node.get(Fields.TS).asText()).isEqualTo("2024-01-05T14:30:00.123Z");
        assertThat(node.get(Fields.INTERVAL).asText()).isEqualTo("5m");
    }

    @Test
    void tickRoundTripsAndInstantsAlwaysCarryMilliseconds() {
        Tick tick = new Tick("NVDA", Instant.parse("2024-06-03T13:30:00Z"), 400.25, 300, 42, Tick.SOURCE_SIMULATOR);
        String json = new String(JsonCodec.toBytes(tick), StandardCharsets.UTF_8);
        assertThat(json).contains("\"ts\":\"2024-06-03T13:30:00.000Z\"").contains("\"seq\":42");
        assertThat(RecordValidator.parseTick(json.getBytes(StandardCharsets.UTF_8), NOW).value()).isEqualTo(tick);
    }

    @Test
    void subMillisecondPrecisionIsTruncatedNotRounded() {
        assertThat(JsonCodec.formatInstant(Instant.parse("2024-01-01T00:00:00.999999999Z"))).isEqualTo("2024-01-01T00:00:00.999Z");
    }

    @Test
    void parsesInstantsWithNumericOffsets() {
        assertThat(JsonCodec.parseInstant("2023-12-29T09:30:00-05:00")).isEqualTo(Instant.parse("2023-12-29T14:30:00Z"));
        assertThatThrownBy(() -> JsonCodec.parseInstant("2023-12-29T09:30:00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2023-12-29T09:30:00");
    }

    @Test
    void canonicalInstantsParseExactlyAsTheGeneralIsoParserDoes() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            // 1900..2100, any millisecond: leap days, month ends and midnight included
            long millis = -2_208_988_800_000L + (long) (random.nextDouble() * 6_311_433_600_000L);
            String text = JsonCodec.formatInstant(Instant.ofEpochMilli(millis));
            assertThat(JsonCodec.parseInstant(text)).as(text)
                    .isEqualTo(java.time.OffsetDateTime.parse(text).toInstant())
                    .isEqualTo(Instant.ofEpochMilli(millis));
        }
    }

    @Test
    void impossibleDatesInTheCanonicalShapeAreStillRejected() {
        for (String bad : List.of("2023-02-29T10:00:00.000Z", "2024-13-01T10:00:00.000Z", "2024-01-01T24:00:00.000Z",
                "2024-01-01T10:60:00.000Z", "2024-04-31T10:00:00.000Z", "2024-01-0xT10:00:00.000Z")) {
            assertThatThrownBy(() -> JsonCodec.parseInstant(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an ISO-8601 instant");
        }
        assertThat(JsonCodec.parseInstant("2024-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
    }

    @Test
    void endOfRunMarkerRoundTrips() {
        EndOfRun marker = new EndOfRun("run-7", 1000, 333, 3);
        assertThat(JsonCodec.parseEndOfRun(JsonCodec.toBytes(marker))).isEqualTo(marker);
        assertThatThrownBy(() -> JsonCodec.parseEndOfRun("{\"run_id\":\"r\"}".getBytes()))
                .hasMessageContaining("records_sent");
    }

    @Test
    void manifestRoundTrips() {
        RunManifest manifest = new RunManifest("run-7", 10, 10, 2,
                List.of(new RunManifest.ManifestObject("raw/historical/year=2024/month=01/day=05/x.jsonl.gz", 0, 6),
                        new RunManifest.ManifestObject("raw/historical/year=2024/month=01/day=05/y.jsonl.gz", 1, 4)),
                Instant.parse("2024-01-05T21:00:00.500Z"));
        assertThat(JsonCodec.parseManifest(JsonCodec.toBytes(manifest))).isEqualTo(manifest);
    }

    @Test
    void metricsUseTheContractFieldNames() {
        DailyMetrics daily = new DailyMetrics("AAPL", java.time.LocalDate.of(2024, 1, 5), 10, 12, 9, 11, 100,
                DailyMetrics.pctChange(10, 11), 3);
        JsonNode node = JsonCodec.toNode(daily);
        assertThat(node.get(Fields.TRADE_DATE).asText()).isEqualTo("2024-01-05");
        assertThat(node.get(Fields.PCT_CHANGE).asDouble()).isEqualTo(10.0, org.assertj.core.data.Offset.offset(1e-9));

        WindowMetrics window = new WindowMetrics("AAPL", WindowSize.FIFTEEN_MINUTES, Instant.parse("2024-01-05T14:30:00Z"),
                Instant.parse("2024-01-05T14:45:00Z"), 10.5, null, 500, 1);
        JsonNode w = JsonCodec.toNode(window);
        assertThat(w.get(Fields.WINDOW_SIZE).asText()).isEqualTo("15m");
        assertThat(w.get(Fields.VOLATILITY).isNull()).isTrue();
    }

    @Test
    void windowMetricsRoundTripThroughTheTopicForm() {
        WindowMetrics single = new WindowMetrics("AAPL", WindowSize.FIFTEEN_MINUTES, Instant.parse("2024-01-05T14:30:00Z"),
                Instant.parse("2024-01-05T14:45:00Z"), 187.25, null, 1200, 1);
        WindowMetrics many = new WindowMetrics("MSFT", WindowSize.ONE_HOUR, Instant.parse("2024-01-05T14:00:00Z"),
                Instant.parse("2024-01-05T15:00:00Z"), 370.5, 0.75, 98_000, 412);

        assertThat(JsonCodec.parseWindowMetrics(JsonCodec.toBytes(single))).isEqualTo(single);
        assertThat(JsonCodec.parseWindowMetrics(JsonCodec.toBytes(many))).isEqualTo(many);
        assertThat(Topics.windowMetricsKey("MSFT", WindowSize.ONE_HOUR, many.windowStart()))
                .isEqualTo("MSFT|1h|2024-01-05T14:00:00.000Z");
    }

    @Test
    void windowMetricsWithAWrongFieldNameTheField() {
        String json = "{\"symbol\":\"AAPL\",\"window_size\":\"5m\",\"window_start\":\"2024-01-05T14:30:00Z\","
                + "\"window_end\":\"2024-01-05T14:45:00Z\",\"moving_avg\":1,\"volatility\":null,\"volume\":1,\"tick_count\":1}";
        assertThatThrownBy(() -> JsonCodec.parseWindowMetrics(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("window_size").hasMessageContaining("5m");
        String noAvg = json.replace("\"5m\"", "\"15m\"").replace("\"moving_avg\":1,", "");
        assertThatThrownBy(() -> JsonCodec.parseWindowMetrics(noAvg.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("moving_avg");
    }
}

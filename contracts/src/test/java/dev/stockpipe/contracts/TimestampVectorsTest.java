package dev.stockpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.contracts.fixtures.TimestampVectors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** {@link Timestamps} and the validator against the shared vectors (also read by Spark's and Python's tests). */
class TimestampVectorsTest {

    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void theVectorsCoverWhatTheRuleMustDecide() {
        List<String> accepted = TimestampVectors.accepted().stream().map(TimestampVectors.Accepted::text).toList();
        List<String> rejected = TimestampVectors.rejected().stream().map(TimestampVectors.Rejected::text).toList();
        assertThat(accepted).contains("2026-10-29T13:30:00Z", "2026-10-29T13:30:00+00:00", "2026-10-29T09:30:00-04:00",
                "2026-10-29T13:30:00.1Z", "2026-10-29T13:30:00.123456789Z");
        assertThat(rejected).contains("2026-10-29T13:30:00z", "garbage", "2026-10-29T13:30:00");
        for (int digits = 1; digits <= 9; digits++) {
            String fraction = "123456789".substring(0, digits);
            assertThat(accepted).as("%d fraction digits", digits).contains("2026-10-29T13:30:00." + fraction + "Z");
        }
    }

    @Test
    void acceptedTextsMeanTheirInstant() {
        SoftAssertions softly = new SoftAssertions();
        for (TimestampVectors.Accepted v : TimestampVectors.accepted()) {
            softly.assertThat(Timestamps.isValid(v.text())).as("%s (%s)", v.text(), v.description()).isTrue();
            if (Timestamps.isValid(v.text())) {
                softly.assertThat(Timestamps.parse(v.text())).as("%s (%s)", v.text(), v.description()).isEqualTo(v.utc());
            }
        }
        softly.assertAll();
    }

    @Test
    void rejectedTextsFailWithTheTextInTheMessage() {
        SoftAssertions softly = new SoftAssertions();
        for (TimestampVectors.Rejected v : TimestampVectors.rejected()) {
            softly.assertThat(Timestamps.isValid(v.text())).as("'%s' (%s)", v.text(), v.description()).isFalse();
        }
        softly.assertAll();
        assertThatThrownBy(() -> Timestamps.parse("2026-10-29T13:30:00z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2026-10-29T13:30:00z'")
                .hasMessageContaining("YYYY-MM-DDTHH:MM:SS");
    }

    @Test
    void theValidatorAppliesTheSameRuleToBarsAndTicks() {
        SoftAssertions softly = new SoftAssertions();
        for (TimestampVectors.Accepted v : TimestampVectors.accepted()) {
            Validated<Tick> tick = RecordValidator.parseTick(tick(v.text()), NOW);
            softly.assertThat(tick.isValid()).as("tick with ts %s: %s", v.text(), tick.reasons()).isTrue();
            if (tick.isValid()) {
                softly.assertThat(tick.value().ts()).as(v.text()).isEqualTo(v.utc());
            }
            softly.assertThat(RecordValidator.parseBar(bar(v.text()), NOW).isValid()).as("bar with ts %s", v.text()).isTrue();
        }
        for (TimestampVectors.Rejected v : TimestampVectors.rejected()) {
            Validated<Tick> tick = RecordValidator.parseTick(tick(v.text()), NOW);
            softly.assertThat(tick.isValid()).as("tick with ts '%s'", v.text()).isFalse();
            softly.assertThat(tick.reasons()).as("tick with ts '%s'", v.text())
                    .anyMatch(r -> Violation.codeOf(r).equals(Violation.UNPARSEABLE_TS));
        }
        softly.assertAll();
    }

    private static String quoted(String text) {
        return JsonCodec.toJson(JsonCodec.mapper().getNodeFactory().textNode(text));
    }

    private static byte[] tick(String ts) {
        return ("{\"symbol\":\"NVDA\",\"ts\":" + quoted(ts) + ",\"price\":400.25,\"volume\":300,\"seq\":1,\"source\":\"simulator\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bar(String ts) {
        return ("{\"symbol\":\"AAPL\",\"ts\":" + quoted(ts) + ",\"interval\":\"1m\",\"open\":181.99,\"high\":182.76,\"low\":180.17,"
                + "\"close\":181.18,\"adj_close\":null,\"volume\":100,\"source\":\"csv\",\"run_id\":\"r-1\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}

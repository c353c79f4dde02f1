package dev.stockpipe.lakewriter.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Violation;
import dev.stockpipe.contracts.fixtures.Fixtures;
import dev.stockpipe.contracts.fixtures.Fixtures.Fixture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RecordClassifierTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    static Stream<Fixture> validBars() {
        return Fixtures.validBars().stream();
    }

    static Stream<Fixture> validTicks() {
        return Fixtures.validTicks().stream();
    }

    static Stream<Fixture> invalidBars() {
        return Fixtures.invalidBars().stream();
    }

    static Stream<Fixture> invalidTicks() {
        return Fixtures.invalidTicks().stream();
    }

    static Classified classify(String topic, byte[] value) {
        return RecordClassifier.classify(new InboundRecord(topic, 0, 7, null, value, null), NOW);
    }

    @ParameterizedTest
    @MethodSource("validBars")
    void aValidBarBecomesOneJsonLineWithItsDayAndRun(Fixture fixture) {
        Classified c = classify(Topics.HISTORICAL, fixture.bytes());

        assertThat(c).isInstanceOf(Classified.Valid.class);
        Classified.Valid valid = (Classified.Valid) c;
        assertOneLineOf(valid.line(), fixture.bytes());
        assertThat(valid.ts()).isEqualTo(JsonCodec.parseInstant(JsonCodec.readTree(fixture.bytes()).get("ts").asText()));
        assertThat(valid.runId()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("validTicks")
    void aValidTickBecomesOneJsonLineWithItsEventTime(Fixture fixture) {
        Classified c = classify(Topics.REALTIME, fixture.bytes());

        assertThat(c).isInstanceOf(Classified.Valid.class);
        Classified.Valid valid = (Classified.Valid) c;
        assertOneLineOf(valid.line(), fixture.bytes());
        assertThat(valid.ts()).isEqualTo(JsonCodec.parseInstant(JsonCodec.readTree(fixture.bytes()).get("ts").asText()));
        assertThat(valid.runId()).isNull();
    }

    @ParameterizedTest
    @MethodSource("invalidBars")
    void anInvalidBarIsRejectedWithTheExpectedViolation(Fixture fixture) {
        assertRejectedWith(classify(Topics.HISTORICAL, fixture.bytes()), fixture.expectedViolation());
    }

    @ParameterizedTest
    @MethodSource("invalidTicks")
    void anInvalidTickIsRejectedWithTheExpectedViolation(Fixture fixture) {
        assertRejectedWith(classify(Topics.REALTIME, fixture.bytes()), fixture.expectedViolation());
    }

    @Test
    void anEmptyOrMissingValueIsInvalidJson() {
        assertRejectedWith(classify(Topics.REALTIME, new byte[0]), Violation.INVALID_JSON);
        assertRejectedWith(classify(Topics.HISTORICAL, null), Violation.INVALID_JSON);
    }

    @Test
    void aTickOnADifferentTopicIsValidatedAsABar() {
        byte[] tick = Fixtures.validTicks().get(0).bytes();
        assertThat(classify(Topics.HISTORICAL, tick)).isInstanceOf(Classified.Invalid.class);
    }

    @Test
    void anEndOfRunMarkerIsReadFromItsControlRecord() {
        EndOfRun marker = new EndOfRun("run-7", 30, 10, 3);
        InboundRecord record = new InboundRecord(Topics.HISTORICAL, 2, 99, null, JsonCodec.toBytes(marker), Topics.CONTROL_END_OF_RUN);

        assertThat(RecordClassifier.classify(record, NOW)).isEqualTo(new Classified.Marker(marker));
    }

    @Test
    void unreadableOrMisplacedControlRecordsAreRejected() {
        byte[] marker = JsonCodec.toBytes(new EndOfRun("run-7", 30, 10, 3));
        List<InboundRecord> bad = List.of(
                new InboundRecord(Topics.HISTORICAL, 0, 1, null, "{}".getBytes(StandardCharsets.UTF_8), Topics.CONTROL_END_OF_RUN),
                new InboundRecord(Topics.HISTORICAL, 0, 2, null, null, Topics.CONTROL_END_OF_RUN),
                new InboundRecord(Topics.HISTORICAL, 0, 3, null, marker, "pause"),
                new InboundRecord(Topics.REALTIME, 0, 4, null, marker, Topics.CONTROL_END_OF_RUN));
        for (InboundRecord record : bad) {
            assertRejectedWith(RecordClassifier.classify(record, NOW), RecordClassifier.INVALID_CONTROL);
        }
    }

    @Test
    void anUnknownTopicIsAConfigurationError() {
        assertThatThrownBy(() -> classify("stock.other", Fixtures.validTicks().get(0).bytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stock.other");
    }

    static void assertOneLineOf(byte[] line, byte[] original) {
        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\n").doesNotContain("\r");
        assertThat(JsonCodec.readTree(line)).isEqualTo(JsonCodec.readTree(original));
    }

    static void assertRejectedWith(Classified c, String code) {
        assertThat(c).isInstanceOf(Classified.Invalid.class);
        String reason = ((Classified.Invalid) c).reason();
        assertThat(reason).as("reason").contains(code + ":");
        assertThat(reason).doesNotContain("\n");
    }
}

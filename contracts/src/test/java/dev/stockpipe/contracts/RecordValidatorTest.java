package dev.stockpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.fixtures.Fixtures;
import dev.stockpipe.contracts.fixtures.Fixtures.Fixture;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RecordValidatorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Fixture> validBars() {
        return Fixtures.validBars().stream();
    }

    static Stream<Fixture> invalidBars() {
        return Fixtures.invalidBars().stream();
    }

    static Stream<Fixture> validTicks() {
        return Fixtures.validTicks().stream();
    }

    static Stream<Fixture> invalidTicks() {
        return Fixtures.invalidTicks().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBars")
    void acceptsEveryValidBarFixture(Fixture fixture) {
        Validated<HistoricalBar> result = RecordValidator.parseBar(fixture.bytes(), NOW);
        assertThat(result.reasons()).as(fixture.path()).isEmpty();
        assertThat(result.value().symbol()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBars")
    void rejectsEveryInvalidBarFixtureWithItsReason(Fixture fixture) {
        Validated<HistoricalBar> result = RecordValidator.parseBar(fixture.bytes(), NOW);
        assertThat(result.isValid()).as(fixture.path()).isFalse();
        assertThat(result.reasons()).extracting(Violation::codeOf).as(fixture.path()).contains(fixture.expectedViolation());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validTicks")
    void acceptsEveryValidTickFixture(Fixture fixture) {
        assertThat(RecordValidator.parseTick(fixture.bytes(), NOW).reasons()).as(fixture.path()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTicks")
    void rejectsEveryInvalidTickFixtureWithItsReason(Fixture fixture) {
        Validated<Tick> result = RecordValidator.parseTick(fixture.bytes(), NOW);
        assertThat(result.isValid()).as(fixture.path()).isFalse();
        assertThat(result.reasons()).extracting(Violation::codeOf).as(fixture.path()).contains(fixture.expectedViolation());
    }

    @Test
    void reportsEveryProblemOfOneRecordNotJustTheFirst() {
        byte[] json = """
                {"symbol":"AAPL","ts":"2024-01-05T14:30:00.000Z","interval":"1d","open":-1.0,"high":2.0,"low":0.5,
                 "close":3.0,"volume":-4,"source":"yahoo","run_id":"r1"}""".getBytes();
        List<String> codes = RecordValidator.parseBar(json, NOW).reasons().stream().map(Violation::codeOf).toList();
        assertThat(codes).containsExactlyInAnyOrder(Violation.NON_POSITIVE_PRICE, Violation.NEGATIVE_VOLUME);

        json = """
                {"symbol":"AAPL","ts":"2024-01-05T14:30:00.000Z","interval":"1d","open":1.0,"high":2.0,"low":0.5,
                 "close":3.0,"volume":-4,"source":"yahoo","run_id":"r1"}""".getBytes();
        codes = RecordValidator.parseBar(json, NOW).reasons().stream().map(Violation::codeOf).toList();
        assertThat(codes).containsExactlyInAnyOrder(Violation.CLOSE_OUTSIDE_RANGE, Violation.NEGATIVE_VOLUME);
    }

    @Test
    void missingFieldsAndBadValuesAreReportedTogether() {
        byte[] json = """
                {"ts":"2024-01-05T14:30:00.000Z","interval":"1d","open":1.0,"high":0.4,"low":0.5,"close":0.45,
                 "volume":10,"source":"yahoo","run_id":"r1"}""".getBytes();
        Validated<HistoricalBar> result = RecordValidator.parseBar(json, NOW);
        assertThat(result.reasons()).extracting(Violation::codeOf)
                .containsExactlyInAnyOrder(Violation.MISSING_FIELD, Violation.HIGH_BELOW_LOW);
        assertThat(result.reasonText()).contains("missing_field: symbol").contains("; ");
    }

    @Test
    void futureLimitIsRelativeToTheGivenClock() {
        HistoricalBar bar = bar(Instant.parse("2026-01-01T23:00:00Z"));
        assertThat(RecordValidator.validate(bar, NOW)).isEmpty();
        assertThat(RecordValidator.validate(bar(NOW.plus(RecordValidator.MAX_FUTURE_SKEW).plusSeconds(1)), NOW))
                .extracting(Violation::codeOf).containsExactly(Violation.TS_IN_FUTURE);
        assertThat(RecordValidator.validate(bar(Instant.parse("1899-12-31T00:00:00Z")), NOW))
                .extracting(Violation::codeOf).containsExactly(Violation.TS_TOO_OLD);
    }

    @Test
    void acceptsRealWorldTickerSpellings() {
        assertThat(Stream.of("AAPL", "BRK.B", "BRK-B", "^GSPC", "EURUSD=X", "7203.T")).allMatch(RecordValidator::isValidSymbol);
        assertThat(Stream.of("", "aapl", "AA PL", "TOO-LONG-A-SYMBOL-123", "A/B", ".A")).noneMatch(RecordValidator::isValidSymbol);
    }

    @Test
    void typedValidationMatchesTheWireValidation() {
        HistoricalBar ok = bar(Instant.parse("2024-01-05T14:30:00Z"));
        assertThat(RecordValidator.validate(ok, NOW)).isEmpty();
        HistoricalBar bad = new HistoricalBar("AAPL", ok.ts(), BarInterval.ONE_DAY, 1, 2, 0.5, 1.5, null, 1, "bloomberg", "r 1");
        assertThat(RecordValidator.validate(bad, NOW)).extracting(Violation::codeOf)
                .containsExactlyInAnyOrder(Violation.UNKNOWN_SOURCE, Violation.INVALID_RUN_ID);
    }

    private static HistoricalBar bar(Instant ts) {
        return new HistoricalBar("AAPL", ts, BarInterval.ONE_DAY, 10, 12, 9, 11, 10.9, 100, HistoricalBar.SOURCE_SYNTHETIC, "r1");
    }

    @Test
    void theSymbolCheckAnswersAsTheRegexDoes() {
        List<String> examples = List.of("AAPL", "BRK.B", "BRK-B", "^GSPC", "EURUSD=X", "A", "12345678901234567890", "123456789012345678901",
                "", "aapl", ".A", "-A", "=A", "A B", "A\n", "AÄ", "A_B", "^", "^^", "A^", "Z9.=^-");
        for (String symbol : examples) {
            assertThat(RecordValidator.isValidSymbol(symbol)).as(symbol).isEqualTo(RecordValidator.matchesSymbolRegex(symbol));
        }
        java.util.Random random = new java.util.Random(11);
        String alphabet = "AZMaz09.=^-_ \n\u00c4@[`/:";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(23);
            for (int c = 0; c < length; c++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String symbol = b.toString();
            assertThat(RecordValidator.isValidSymbol(symbol)).as(symbol).isEqualTo(RecordValidator.matchesSymbolRegex(symbol));
        }
        assertThat(RecordValidator.isValidSymbol(null)).isFalse();
    }
}

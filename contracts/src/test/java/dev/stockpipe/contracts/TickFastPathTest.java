package dev.stockpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The tick fast path decides nothing on its own: for every input, {@code parseTick} (fast path
 * first) gives exactly what the tree path gives, valid or not, reasons included.
 */
class TickFastPathTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final String VALID =
            "{\"symbol\":\"AAPL\",\"ts\":\"2026-11-29T11:59:59.123Z\",\"price\":187.25,\"volume\":300,\"seq\":42,\"source\":\"simulator\"}";

    static List<String> inputs() {
        return List.of(
                VALID,
                // the same tick in other legal spellings
                "{ \"seq\" : 42, \"source\":\"simulator\", \"symbol\":\"AAPL\", \"price\":187, \"volume\":300, \"ts\":\"2026-11-29T11:59:59Z\" }",
                "{\"symbol\":\"BRK.B\",\"ts\":\"2026-11-29T11:59:59.123+00:00\",\"price\":1.5e2,\"volume\":0,\"seq\":0,\"source\":\"x\",\"extra\":{\"a\":[1,2]}}",
                "{\"symbol\":\"AAPL\",\"ts\":\"2026-11-29T11:59:59.123Z\",\"price\":187.25,\"volume\":300,\"seq\":42,\"source\":\"simulator\",\"note\":null}",
                // what the fast path hands to the tree path
                VALID.replace("\"seq\":42", "\"seq\":42,\"seq\":43"),
                VALID.replace("\"symbol\":\"AAPL\"", "\"symbol\":\"AAPL\",\"symbol\":\"MSFT\""),
                VALID.replace("\"price\":187.25", "\"price\":null"),
                VALID.replace("\"price\":187.25", "\"price\":\"187.25\""),
                VALID.replace("\"price\":187.25", "\"price\":NaN"),
                VALID.replace("\"price\":187.25", "\"price\":-1"),
                VALID.replace("\"price\":187.25", "\"price\":{\"v\":1}"),
                VALID.replace("\"volume\":300", "\"volume\":300.0"),
                VALID.replace("\"volume\":300", "\"volume\":-5"),
                VALID.replace("\"volume\":300", "\"volume\":99999999999999999999999"),
                VALID.replace("\"volume\":300", "\"volume\":999999999999999999"),
                VALID.replace("\"volume\":300", "\"volume\":-0"),
                VALID.replace("\"volume\":300", "\"volume\":0300"),
                VALID.replace("\"price\":187.25", "\"price\":1e400"),
                VALID.replace("\"price\":187.25", "\"price\":12345678901234567890123"),
                VALID.replace("\"price\":187.25", "\"price\":187."),
                VALID.replace("\"price\":187.25", "\"price\":+187.25"),
                VALID.replace("\"price\":187.25", "\"price\":1.8725E+2"),
                VALID.replace("\"source\":\"simulator\"", "\"source\":\"simul\u00e9\""),
                VALID.replace("\"source\":\"simulator\"", "\"source\":\"sim\\\"ulator\""),
                VALID.replace("\"source\":\"simulator\"", "\"source\":\"sim\tulator\""),
                VALID.replace("\"symbol\"", "\"sym\\u0062ol\""),
                VALID.replace(",\"seq\":42", ",\"seq\":42,\"flag\":true"),
                VALID.replace("{", " \r\n{ ").replace(",", " ,\t"),
                VALID.replace("\"seq\":42", "\"seq\":-1"),
                VALID.replace("\"symbol\":\"AAPL\"", "\"symbol\":\"aapl\""),
                VALID.replace("\"symbol\":\"AAPL\"", "\"symbol\":\"  \""),
                VALID.replace("\"symbol\":\"AAPL\"", "\"symbol\":7"),
                VALID.replace("\"source\":\"simulator\"", "\"source\":\"\""),
                VALID.replace(",\"source\":\"simulator\"", ""),
                VALID.replace("2026-11-29T11:59:59.123Z", "2026-11-29 11:59:59"),
                VALID.replace("2026-11-29T11:59:59.123Z", "2026-12-29T11:59:59.123Z"),
                VALID.replace("2026-11-29T11:59:59.123Z", "1899-12-31T23:59:59Z"),
                VALID.replace("2026-11-29T11:59:59.123Z", "2026-02-30T11:59:59Z"),
                VALID + "GARBAGE{{{",
                VALID + VALID,
                VALID + "\n",
                "[" + VALID + "]",
                "{\"symbol\":\"AAPL\"",
                "\"AAPL\"",
                "null",
                "{}",
                "");
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void parseTickGivesWhatTheTreePathGives(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertSame(RecordValidator.parseTick(bytes, NOW), RecordValidator.parseTickTree(bytes, NOW));
    }

    @Test
    void theFastPathTakesTheSimulatorsTicks() {
        assertThat(TickFastPath.read(VALID.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Tick("AAPL", Instant.parse("2026-11-29T11:59:59.123Z"), 187.25, 300, 42, "simulator"));
    }

    @Test
    void randomTicksAndTheirMutationsAgree() {
        Random random = new Random(7);
        String alphabet = "{}[]\":,. -+eE0123456789AZaz\\tn\t\u00e9\u0001";
        for (int i = 0; i < 20_000; i++) {
            char[] chars = VALID.toCharArray();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            byte[] bytes = new String(chars).getBytes(StandardCharsets.UTF_8);
            assertSame(RecordValidator.parseTick(bytes, NOW), RecordValidator.parseTickTree(bytes, NOW));
        }
    }

    private static void assertSame(Validated<Tick> actual, Validated<Tick> expected) {
        assertThat(actual.isValid()).isEqualTo(expected.isValid());
        if (expected.isValid()) {
            assertThat(actual.value()).isEqualTo(expected.value());
        } else {
            assertThat(actual.reasonText()).isEqualTo(expected.reasonText());
        }
    }
}

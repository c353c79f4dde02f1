package dev.stockpipe.lakewriter;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Violation;
import dev.stockpipe.lakewriter.deadletter.DeadLetterFormat;
import dev.stockpipe.lakewriter.segment.RecordClassifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bad-input table of the README ("Bad input"): one row per kind of record a producer might send,
 * with what the writer must do with it — land it, or send it to the DLQ with a reason code.
 * {@link BadInputBehaviourTest} sends every row through the real broker and checks each outcome.
 *
 * <p>Every row carries a distinct {@code volume} ({@link #marker}), so a landed line shows which row it is.
 */
final class BadInput {

    /** Outcome of a row that must land in the raw zone. */
    static final String LANDS = "lands";
    /** The value size of the incident: accepted by the broker, too large for a DLQ record with headers. */
    static final int ONE_MEGABYTE = 1_048_400;
    static final String DAY = "2024-07-01";

    /**
     * One record to send and what must become of it.
     *
     * @param outcome {@link #LANDS} or the DLQ reason code
     * @param marker  the row's {@code volume}, identifying its landed line
     */
    record Row(String name, String topic, String key, byte[] value, String control, String outcome, long marker) {

        boolean lands() {
            return LANDS.equals(outcome);
        }

        @Override
        public String toString() {
            return topic + ": " + name;
        }
    }

    private BadInput() {
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Table t = new Table(rows);
        // ---- stock.realtime ----
        t.tick("valid tick", "BADIN", tick(), LANDS);
        t.tick("non-JSON text", "BADIN", "not json at all", Violation.INVALID_JSON);
        t.tick("truncated JSON", "BADIN", "{\"symbol\":\"BADIN\",\"ts\":\"2024-07-01T10:", Violation.INVALID_JSON);
        t.tick("empty value", "BADIN", new byte[0], Violation.INVALID_JSON);
        t.tick("null value (tombstone)", "BADIN", (byte[]) null, Violation.INVALID_JSON);
        t.tick("JSON array", "BADIN", "[1,2,3]", Violation.INVALID_JSON);
        t.tick("JSON object followed by garbage", "BADIN", tick().text() + "GARBAGE{{{", Violation.INVALID_JSON);
        t.tick("two JSON objects back to back", "BADIN", tick().text() + tick().text(), Violation.INVALID_JSON);
        t.tick("missing price", "BADIN", tick().without("price"), Violation.MISSING_FIELD);
        t.tick("missing symbol", "BADIN", tick().without("symbol"), Violation.MISSING_FIELD);
        t.tick("price as a string", "BADIN", tick().raw("price", "\"101.5\""), Violation.WRONG_TYPE);
        t.tick("volume with a fraction", "BADIN", tick().raw("volume", "1.5"), Violation.WRONG_TYPE);
        t.tick("price NaN", "BADIN", tick().raw("price", "NaN"), Violation.NON_FINITE_PRICE);
        t.tick("price Infinity", "BADIN", tick().raw("price", "Infinity"), Violation.NON_FINITE_PRICE);
        t.tick("negative price", "BADIN", tick().raw("price", "-1.25"), Violation.NON_POSITIVE_PRICE);
        t.tick("zero price", "BADIN", tick().raw("price", "0"), Violation.NON_POSITIVE_PRICE);
        t.tick("negative volume", "BADIN", tick().raw("volume", "-1"), Violation.NEGATIVE_VOLUME);
        t.tick("negative seq", "BADIN", tick().raw("seq", "-5"), Violation.NEGATIVE_SEQ);
        t.tick("lower-case symbol aapl", "aapl", tick().text("symbol", "aapl"), Violation.INVALID_SYMBOL);
        t.tick("dotted lower-case symbol brk.b", "brk.b", tick().text("symbol", "brk.b"), Violation.INVALID_SYMBOL);
        t.tick("dotted symbol BRK.B", "BRK.B", tick().text("symbol", "BRK.B"), LANDS);
        t.tick("far-future ts (2999)", "BADIN", tick().text("ts", "2999-01-01T00:00:00.000Z"), Violation.TS_IN_FUTURE);
        t.tick("ts before 1900", "BADIN", tick().text("ts", "1899-12-31T23:59:59.000Z"), Violation.TS_TOO_OLD);
        t.tick("ts without fraction", "BADIN", tick().text("ts", "2024-07-01T10:00:01Z"), LANDS);
        t.tick("ts with 9 fraction digits", "BADIN", tick().text("ts", "2024-07-01T10:00:02.123456789Z"), LANDS);
        t.tick("ts with offset +02:00", "BADIN", tick().text("ts", "2024-07-01T12:00:03.5+02:00"), LANDS);
        t.tick("ts with offset -05:00, no fraction", "BADIN", tick().text("ts", "2024-07-01T05:00:04-05:00"), LANDS);
        t.tick("ts without offset", "BADIN", tick().text("ts", "2024-07-01T10:00:05"), Violation.UNPARSEABLE_TS);
        t.tick("ts as epoch milliseconds", "BADIN", tick().raw("ts", "1719828000000"), Violation.UNPARSEABLE_TS);
        t.tick("null key", null, tick(), LANDS);
        t.tick("key differs from symbol", "MSFT", tick(), LANDS);
        t.tick("unknown extra field", "BADIN", tick().text("venue", "XNAS"), LANDS);
        t.tick("pretty-printed over several lines", "BADIN", tick().pretty(), LANDS);
        t.tick("same symbol and seq as an earlier tick", "BADIN", tick().raw("seq", "1"), LANDS);
        t.tick("1 MB of non-JSON", "BADIN", filler("", ONE_MEGABYTE, ""), DeadLetterFormat.TOO_LARGE);
        t.tick("1 MB valid tick (large extra field)", "BADIN", tick().padded(ONE_MEGABYTE), LANDS);
        t.control(Topics.REALTIME, "control header on a tick", "BADIN", tick().bytes(), Topics.CONTROL_END_OF_RUN,
                RecordClassifier.INVALID_CONTROL);
        // ---- stock.historical ----
        t.bar("valid bar", "BADIN", bar(), LANDS);
        t.bar("non-JSON text", "BADIN", "<html>502 Bad Gateway</html>", Violation.INVALID_JSON);
        t.bar("truncated JSON", "BADIN", "{\"symbol\":\"BADIN\",\"interval\":\"1d\",\"op", Violation.INVALID_JSON);
        t.bar("empty value", "BADIN", new byte[0], Violation.INVALID_JSON);
        t.bar("null value (tombstone)", "BADIN", (byte[]) null, Violation.INVALID_JSON);
        t.bar("JSON array", "BADIN", "[" + bar().text() + "]", Violation.INVALID_JSON);
        t.bar("JSON object followed by garbage", "BADIN", bar().text() + "GARBAGE{{{", Violation.INVALID_JSON);
        t.bar("two JSON objects back to back", "BADIN", bar().text() + bar().text(), Violation.INVALID_JSON);
        t.bar("missing symbol", "BADIN", bar().without("symbol"), Violation.MISSING_FIELD);
        t.bar("missing run_id", "BADIN", bar().without("run_id"), Violation.MISSING_FIELD);
        t.bar("open as a string", "BADIN", bar().raw("open", "\"10\""), Violation.WRONG_TYPE);
        t.bar("open NaN", "BADIN", bar().raw("open", "NaN"), Violation.NON_FINITE_PRICE);
        t.bar("negative open", "BADIN", bar().raw("open", "-10"), Violation.NON_POSITIVE_PRICE);
        t.bar("zero low", "BADIN", bar().raw("low", "0"), Violation.NON_POSITIVE_PRICE);
        t.bar("high below low", "BADIN", bar().raw("high", "8.5"), Violation.HIGH_BELOW_LOW);
        t.bar("open above high", "BADIN", bar().raw("open", "13"), Violation.OPEN_OUTSIDE_RANGE);
        t.bar("negative volume", "BADIN", bar().raw("volume", "-10"), Violation.NEGATIVE_VOLUME);
        t.bar("unknown interval 2d", "BADIN", bar().text("interval", "2d"), Violation.UNKNOWN_INTERVAL);
        t.bar("unknown source", "BADIN", bar().text("source", "bloomberg"), Violation.UNKNOWN_SOURCE);
        t.bar("run_id with spaces", "BADIN", bar().text("run_id", "run with spaces"), Violation.INVALID_RUN_ID);
        t.bar("dotted lower-case symbol brk.b", "brk.b", bar().text("symbol", "brk.b"), Violation.INVALID_SYMBOL);
        t.bar("dotted symbol BRK.B", "BRK.B", bar().text("symbol", "BRK.B"), LANDS);
        t.bar("far-future ts (2999)", "BADIN", bar().text("ts", "2999-01-01T00:00:00Z"), Violation.TS_IN_FUTURE);
        t.bar("ts with offset -05:00", "BADIN", bar().text("ts", "2024-07-01T09:30:00-05:00"), LANDS);
        t.bar("ts without fraction", "BADIN", bar().text("ts", "2024-07-01T00:00:00Z"), LANDS);
        t.bar("ts before 1900", "BADIN", bar().text("ts", "1899-12-30T00:00:00Z"), Violation.TS_TOO_OLD);
        t.bar("ts with 9 fraction digits", "BADIN", bar().text("ts", "2024-07-01T00:00:00.000000001Z"), LANDS);
        t.bar("ts without offset", "BADIN", bar().text("ts", "2024-07-01T00:00:00"), Violation.UNPARSEABLE_TS);
        t.bar("ts as epoch milliseconds", "BADIN", bar().raw("ts", "1719792000000"), Violation.UNPARSEABLE_TS);
        t.bar("adj_close null", "BADIN", bar().raw("adj_close", "null"), LANDS);
        t.bar("null key", null, bar(), LANDS);
        t.bar("key differs from symbol", "MSFT", bar(), LANDS);
        t.bar("unknown extra field", "BADIN", bar().text("exchange", "XNAS"), LANDS);
        t.bar("pretty-printed over several lines", "BADIN", bar().pretty(), LANDS);
        t.bar("1 MB of non-JSON", "BADIN", filler("<", ONE_MEGABYTE, ">"), DeadLetterFormat.TOO_LARGE);
        t.bar("1 MB valid bar (large extra field)", "BADIN", bar().padded(ONE_MEGABYTE), LANDS);
        t.control(Topics.HISTORICAL, "end-of-run marker with an unreadable value", null, "{\"run_id\":".getBytes(StandardCharsets.UTF_8),
                Topics.CONTROL_END_OF_RUN, RecordClassifier.INVALID_CONTROL);
        return rows;
    }

    static Json tick() {
        return new Json().text("symbol", "BADIN").text("ts", "2024-07-01T10:00:00.000Z").raw("price", "101.5")
                .raw("volume", "0").raw("seq", "1").text("source", "simulator");
    }

    static Json bar() {
        return new Json().text("symbol", "BADIN").text("ts", "2024-07-01T00:00:00.000Z").text("interval", "1d")
                .raw("open", "10").raw("high", "12").raw("low", "9").raw("close", "11").raw("adj_close", "11.0")
                .raw("volume", "0").text("source", "synthetic").text("run_id", "bad-input-run");
    }

    static byte[] filler(String head, int size, String tail) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, value, 0, h.length);
        System.arraycopy(t, 0, value, size - t.length, t.length);
        return value;
    }

    /** Adds rows, giving each valid-looking value its own volume marker. */
    private static final class Table {
        private final List<Row> rows;

        Table(List<Row> rows) {
            this.rows = rows;
        }

        long nextMarker() {
            return 70_000 + rows.size();
        }

        void tick(String name, String key, Object value, String outcome) {
            add(Topics.REALTIME, name, key, value, null, outcome);
        }

        void bar(String name, String key, Object value, String outcome) {
            add(Topics.HISTORICAL, name, key, value, null, outcome);
        }

        void control(String topic, String name, String key, byte[] value, String control, String outcome) {
            add(topic, name, key, value, control, outcome);
        }

        private void add(String topic, String name, String key, Object value, String control, String outcome) {
            long marker = nextMarker();
            byte[] bytes;
            if (value instanceof Json json) {
                bytes = "0".equals(json.field("volume")) ? json.raw("volume", Long.toString(marker)).bytes() : json.bytes();
            } else if (value instanceof String text) {
                bytes = text.getBytes(StandardCharsets.UTF_8);
            } else {
                bytes = (byte[]) value;
            }
            rows.add(new Row(name, topic, key, bytes, control, outcome, marker));
        }
    }

    /** A JSON object written field by field from raw JSON tokens, so a row can hold what no encoder writes. */
    static final class Json {
        private static final String NOTE = ",\"note\":\"\"";
        private final Map<String, String> fields = new LinkedHashMap<>();
        private int paddedTo;
        private boolean pretty;

        Json raw(String field, String token) {
            fields.put(field, token);
            return this;
        }

        Json text(String field, String value) {
            return raw(field, "\"" + value + "\"");
        }

        Json without(String field) {
            fields.remove(field);
            return this;
        }

        String field(String field) {
            return fields.get(field);
        }

        /** Pads the object with an extra string field to exactly {@code size} bytes. */
        Json padded(int size) {
            paddedTo = size;
            return this;
        }

        /** Spreads the object over several lines, as a pretty-printing producer would. */
        Json pretty() {
            pretty = true;
            return this;
        }

        String text() {
            String separator = pretty ? ",\n  " : ",";
            StringBuilder b = new StringBuilder(pretty ? "{\n  " : "{");
            String joined = String.join(separator, fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).toList());
            b.append(joined);
            if (paddedTo > 0) {
                int pad = paddedTo - b.length() - NOTE.length() - 1;
                b.append(",\"note\":\"").append("x".repeat(pad)).append('"');
            }
            return b.append(pretty ? "\n}\n" : "}").toString();
        }

        byte[] bytes() {
            return text().getBytes(StandardCharsets.UTF_8);
        }
    }
}

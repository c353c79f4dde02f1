package dev.stockpipe.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON encoding of every record: snake_case names from {@link Fields}, instants as
 * ISO-8601 UTC with millisecond precision ({@code 2024-01-05T14:30:00.000Z}); every reader accepts
 * the wider set {@link Timestamps} defines.
 *
 * <p>Decoding into typed records goes through {@link RecordValidator}, which reports every
 * problem instead of throwing on the first.
 */
public final class JsonCodec {

    /**
     * Exactly one JSON value per input: content after it (garbage, a second object) fails the
     * parse, so a record that lands is a line every downstream reader sees as one object.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads trees without the mapper resolving the JsonNode type on every call (a cost per record in the lake-writer). */
    private static final ObjectReader TREE_READER = MAPPER.reader();

    private JsonCodec() {
    }

    /** The configured mapper (read-only use: do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The canonical instant form, see {@link Timestamps#format}. */
    public static String formatInstant(Instant instant) {
        return Timestamps.format(instant);
    }

    /** Reads an instant under the one timestamp rule, see {@link Timestamps#parse}. */
    public static Instant parseInstant(String text) {
        return Timestamps.parse(text);
    }

    /** Parses bytes into a JSON tree; malformed input fails with the parser's message. */
    public static JsonNode readTree(byte[] json) {
        try {
            return TREE_READER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(firstLine(e), e);
        }
    }

    private static String firstLine(IOException e) {
        String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (msg == null) {
            msg = e.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    // ---- encoding ----------------------------------------------------------------------

    public static ObjectNode toNode(HistoricalBar bar) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(Fields.SYMBOL, bar.symbol());
        n.put(Fields.TS, formatInstant(bar.ts()));
        n.put(Fields.INTERVAL, bar.interval().code());
        n.put(Fields.OPEN, bar.open());
        n.put(Fields.HIGH, bar.high());
        n.put(Fields.LOW, bar.low());
        n.put(Fields.CLOSE, bar.close());
        if (bar.adjClose() == null) {
            n.putNull(Fields.ADJ_CLOSE);
        } else {
            n.put(Fields.ADJ_CLOSE, bar.adjClose());
        }
        n.put(Fields.VOLUME, bar.volume());
        n.put(Fields.SOURCE, bar.source());
        n.put(Fields.RUN_ID, bar.runId());
        return n;
    }

    public static ObjectNode toNode(Tick tick) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(Fields.SYMBOL, tick.symbol());
        n.put(Fields.TS, formatInstant(tick.ts()));
        n.put(Fields.PRICE, tick.price());
        n.put(Fields.VOLUME, tick.volume());
        n.put(Fields.SEQ, tick.seq());
        n.put(Fields.SOURCE, tick.source());
        return n;
    }

    public static ObjectNode toNode(EndOfRun marker) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(Fields.RUN_ID, marker.runId());
        n.put(Fields.RECORDS_SENT, marker.recordsSent());
        n.put(Fields.PARTITION_RECORDS, marker.partitionRecords());
        n.put(Fields.PARTITION_COUNT, marker.partitionCount());
        return n;
    }

    public static ObjectNode toNode(RunManifest manifest) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(Fields.RUN_ID, manifest.runId());
        n.put(Fields.RECORDS_SENT, manifest.recordsSent());
        n.put(Fields.RECORDS_LANDED, manifest.recordsLanded());
        n.put(Fields.PARTITION_COUNT, manifest.partitionCount());
        ArrayNode objects = n.putArray(Fields.OBJECTS);
        for (RunManifest.ManifestObject o : manifest.objects()) {
            objects.addObject()
                    .put(Fields.KEY, o.key())
                    .put(Fields.PARTITION, o.partition())
                    .put(Fields.RECORDS, o.records());
        }
        n.put(Fields.WRITTEN_AT, formatInstant(manifest.writtenAt()));
        return n;
    }

    public static ObjectNode toNode(DailyMetrics m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(Fields.SYMBOL, m.symbol());
        n.put(Fields.TRADE_DATE, m.tradeDate().toString());
        n.put(Fields.DAILY_OPEN, m.dailyOpen());
        n.put(Fields.DAILY_HIGH, m.dailyHigh());
        n.put(Fields.DAILY_LOW, m.dailyLow());
        n.put(Fields.DAILY_CLOSE, m.dailyClose());
        n.put(Fields.DAILY_VOLUME, m.dailyVolume());
        n.put(Fields.PCT_CHANGE, m.pctChange());
        n.put(Fields.BAR_COUNT, m.barCount());
        return n;
    }

    public static ObjectNode toNode(WindowMetrics m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(Fields.SYMBOL, m.symbol());
        n.put(Fields.WINDOW_SIZE, m.windowSize().code());
        n.put(Fields.WINDOW_START, formatInstant(m.windowStart()));
        n.put(Fields.WINDOW_END, formatInstant(m.windowEnd()));
        n.put(Fields.MOVING_AVG, m.movingAvg());
        if (m.volatility() == null) {
            n.putNull(Fields.VOLATILITY);
        } else {
            n.put(Fields.VOLATILITY, m.volatility());
        }
        n.put(Fields.VOLUME, m.volume());
        n.put(Fields.TICK_COUNT, m.tickCount());
        return n;
    }

    public static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(WindowMetrics m) {
        return toBytes(toNode(m));
    }

    public static byte[] toBytes(HistoricalBar bar) {
        return toBytes(toNode(bar));
    }

    public static byte[] toBytes(Tick tick) {
        return toBytes(toNode(tick));
    }

    public static byte[] toBytes(EndOfRun marker) {
        return toBytes(toNode(marker));
    }

    public static byte[] toBytes(RunManifest manifest) {
        return toBytes(toNode(manifest));
    }

    public static String toJson(JsonNode node) {
        return new String(toBytes(node), StandardCharsets.UTF_8);
    }

    // ---- decoding of records that are not validated market data --------------------------

    /** Decodes an end-of-run marker; fails with a clear message when a field is missing. */
    public static EndOfRun parseEndOfRun(byte[] json) {
        JsonNode n = readTree(json);
        return new EndOfRun(
                RunIds.require(requireText(n, Fields.RUN_ID)),
                requireLong(n, Fields.RECORDS_SENT),
                requireLong(n, Fields.PARTITION_RECORDS),
                (int) requireLong(n, Fields.PARTITION_COUNT));
    }

    public static RunManifest parseManifest(byte[] json) {
        JsonNode n = readTree(json);
        List<RunManifest.ManifestObject> objects = new ArrayList<>();
        JsonNode array = n.get(Fields.OBJECTS);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("manifest has no '" + Fields.OBJECTS + "' array");
        }
        for (JsonNode o : array) {
            objects.add(new RunManifest.ManifestObject(requireText(o, Fields.KEY),
                    (int) requireLong(o, Fields.PARTITION), requireLong(o, Fields.RECORDS)));
        }
        return new RunManifest(requireText(n, Fields.RUN_ID), requireLong(n, Fields.RECORDS_SENT),
                requireLong(n, Fields.RECORDS_LANDED), (int) requireLong(n, Fields.PARTITION_COUNT),
                objects, parseInstant(requireText(n, Fields.WRITTEN_AT)));
    }

    /**
     * Decodes a value of {@link Topics#METRICS_WINDOWS} (the form of {@link #toNode(WindowMetrics)});
     * fails naming the field when one is missing or of the wrong type.
     */
    public static WindowMetrics parseWindowMetrics(byte[] json) {
        JsonNode n = readTree(json);
        String code = requireText(n, Fields.WINDOW_SIZE);
        JsonNode volatility = n.get(Fields.VOLATILITY);
        if (volatility != null && !volatility.isNull() && !volatility.isNumber()) {
            throw new IllegalArgumentException("field '" + Fields.VOLATILITY + "' is not a number");
        }
        return new WindowMetrics(requireText(n, Fields.SYMBOL),
                WindowSize.fromCode(code).orElseThrow(() -> new IllegalArgumentException(
                        "field '" + Fields.WINDOW_SIZE + "' is '" + code + "', not a known window size")),
                parseInstant(requireText(n, Fields.WINDOW_START)), parseInstant(requireText(n, Fields.WINDOW_END)),
                requireDouble(n, Fields.MOVING_AVG),
                volatility == null || volatility.isNull() ? null : volatility.asDouble(),
                requireLong(n, Fields.VOLUME), requireLong(n, Fields.TICK_COUNT));
    }

    private static double requireDouble(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a number");
        }
        return v.asDouble();
    }

    private static String requireText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not a string");
        }
        return v.asText();
    }

    private static long requireLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "' missing or not an integer");
        }
        return v.asLong();
    }
}

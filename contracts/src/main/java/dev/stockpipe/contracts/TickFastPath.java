package dev.stockpipe.contracts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;

/**
 * The common case of {@link RecordValidator#parseTick}, without a JSON tree: one pass of the
 * streaming parser over a flat object whose six fields are present once, with their JSON types,
 * and nothing after it. Anything else (a missing, repeated, null or mistyped field, a nested
 * value, trailing content, malformed JSON) returns {@code null}, and the caller takes the tree
 * path, which names every reason. So this path decides nothing on its own: a record it accepts is
 * one the tree path reads to the same {@link Tick}. It exists because the lake-writer validates
 * every tick, and the tree cost about half its consuming thread.
 */
final class TickFastPath {

    private TickFastPath() {
    }

    /** The tick, or {@code null} when the tree path must decide. */
    static Tick read(byte[] json) {
        try (JsonParser p = JsonCodec.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String symbol = null;
            String ts = null;
            String source = null;
            double price = 0;
            long volume = 0;
            long seq = 0;
            boolean hasPrice = false;
            boolean hasVolume = false;
            boolean hasSeq = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case Fields.SYMBOL -> {
                        if (symbol != null || (symbol = text(p, v)) == null) {
                            return null;
                        }
                    }
                    case Fields.TS -> {
                        if (ts != null || (ts = text(p, v)) == null) {
                            return null;
                        }
                    }
                    case Fields.SOURCE -> {
                        if (source != null || (source = text(p, v)) == null) {
                            return null;
                        }
                    }
                    case Fields.PRICE -> {
                        if (hasPrice || (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT)) {
                            return null;
                        }
                        price = p.getDoubleValue();
                        hasPrice = true;
                    }
                    case Fields.VOLUME -> {
                        if (hasVolume || !isLong(p, v)) {
                            return null;
                        }
                        volume = p.getLongValue();
                        hasVolume = true;
                    }
                    case Fields.SEQ -> {
                        if (hasSeq || !isLong(p, v)) {
                            return null;
                        }
                        seq = p.getLongValue();
                        hasSeq = true;
                    }
                    default -> p.skipChildren(); // other fields are allowed and ignored, as on the tree path
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || symbol == null || ts == null || source == null
                    || !hasPrice || !hasVolume || !hasSeq) {
                return null;
            }
            Instant instant = JsonCodec.parseInstant(ts);
            return new Tick(symbol, instant, price, volume, seq, source);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A non-blank string value, else {@code null}. */
    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        return s.isBlank() ? null : s;
    }

    /** An integer that fits a long: what the tree path's {@code isIntegralNumber() && canConvertToLong()} accepts. */
    private static boolean isLong(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            return false;
        }
        JsonParser.NumberType type = p.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
    }
}

package dev.stockpipe.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one validation every consumer applies. It decodes a record and returns either the typed
 * value or every reason the record is invalid (codes in {@link Violation}), so producers,
 * the lake-writer's DLQ and tests agree on what "valid" means.
 */
public final class RecordValidator {

    /** Timestamps further ahead of the validator's clock than this are rejected. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);
    /** Timestamps before this are rejected: no exchange data is that old. */
    public static final Instant OLDEST_ACCEPTED = Instant.parse("1900-01-01T00:00:00Z");

    /** Upper-case tickers as Yahoo spells them: {@code AAPL}, {@code BRK.B}, {@code BRK-B}, {@code ^GSPC}, {@code EURUSD=X}. */
    public static final String SYMBOL_REGEX = "^[A-Z0-9^][A-Z0-9.=^-]{0,19}\\z";

    private static final Pattern SYMBOL = Pattern.compile(SYMBOL_REGEX);

    private RecordValidator() {
    }

    /**
     * Whether the symbol matches {@link #SYMBOL_REGEX}. Checked character by character: a regex
     * match per record was about 5 % of the lake-writer's consuming thread ({@code RecordValidatorTest}
     * pins the two to the same answers).
     */
    public static boolean isValidSymbol(String symbol) {
        if (symbol == null || symbol.isEmpty() || symbol.length() > 20) {
            return false;
        }
        char first = symbol.charAt(0);
        if (!(isUpperOrDigit(first) || first == '^')) {
            return false;
        }
        for (int i = 1; i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            if (!(isUpperOrDigit(c) || c == '.' || c == '=' || c == '^' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUpperOrDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** The regex form of {@link #isValidSymbol}, for tests that compare the two. */
    static boolean matchesSymbolRegex(String symbol) {
        return symbol != null && SYMBOL.matcher(symbol).matches();
    }

    // ---- historical bars ---------------------------------------------------------------

    /** Decodes and validates one {@code stock.historical} value. */
    public static Validated<HistoricalBar> parseBar(byte[] json, Instant now) {
        JsonNode n;
        try {
            n = JsonCodec.readTree(json);
        } catch (IllegalArgumentException e) {
            return Validated.invalid(List.of(Violation.of(Violation.INVALID_JSON, e.getMessage())));
        }
        if (n == null || !n.isObject()) {
            return Validated.invalid(List.of(Violation.of(Violation.INVALID_JSON, "not a JSON object")));
        }
        Reader r = new Reader(n);
        String symbol = r.text(Fields.SYMBOL);
        Instant ts = r.instant(Fields.TS);
        String intervalCode = r.text(Fields.INTERVAL);
        Double open = r.number(Fields.OPEN);
        Double high = r.number(Fields.HIGH);
        Double low = r.number(Fields.LOW);
        Double close = r.number(Fields.CLOSE);
        Double adjClose = r.optionalNumber(Fields.ADJ_CLOSE);
        Long volume = r.integer(Fields.VOLUME);
        String source = r.text(Fields.SOURCE);
        String runId = r.text(Fields.RUN_ID);

        BarInterval interval = null;
        if (intervalCode != null) {
            interval = BarInterval.fromCode(intervalCode).orElse(null);
            if (interval == null) {
                r.reasons.add(Violation.of(Violation.UNKNOWN_INTERVAL, "'" + intervalCode + "'"));
            }
        }
        if (!r.reasons.isEmpty()) {
            // still report the value checks we can make, so one DLQ entry lists everything
            r.reasons.addAll(checkPrices(open, high, low, close, adjClose, volume, symbol, ts, source, runId, now));
            return Validated.invalid(r.reasons);
        }
        HistoricalBar bar = new HistoricalBar(symbol, ts, interval, open, high, low, close, adjClose, volume, source, runId);
        List<String> reasons = validate(bar, now);
        return reasons.isEmpty() ? Validated.valid(bar) : Validated.invalid(reasons);
    }

    /** Every reason a typed bar is invalid; empty when it is valid. */
    public static List<String> validate(HistoricalBar bar, Instant now) {
        List<String> reasons = checkPrices(bar.open(), bar.high(), bar.low(), bar.close(), bar.adjClose(),
                bar.volume(), bar.symbol(), bar.ts(), bar.source(), bar.runId(), now);
        if (bar.interval() == null) {
            reasons.add(Violation.of(Violation.MISSING_FIELD, Fields.INTERVAL));
        }
        return reasons;
    }

    private static List<String> checkPrices(Double open, Double high, Double low, Double close, Double adjClose,
            Long volume, String symbol, Instant ts, String source, String runId, Instant now) {
        List<String> reasons = new ArrayList<>();
        checkSymbol(symbol, reasons);
        checkTs(ts, now, reasons);
        boolean allUsable = true;
        allUsable &= checkPrice(Fields.OPEN, open, reasons);
        allUsable &= checkPrice(Fields.HIGH, high, reasons);
        allUsable &= checkPrice(Fields.LOW, low, reasons);
        allUsable &= checkPrice(Fields.CLOSE, close, reasons);
        if (adjClose != null) {
            checkPrice(Fields.ADJ_CLOSE, adjClose, reasons);
        }
        if (allUsable) {
            if (high < low) {
                reasons.add(Violation.of(Violation.HIGH_BELOW_LOW, "high=" + high + " < low=" + low));
            } else {
                if (open < low || open > high) {
                    reasons.add(Violation.of(Violation.OPEN_OUTSIDE_RANGE, "open=" + open + " not in [" + low + ", " + high + "]"));
                }
                if (close < low || close > high) {
                    reasons.add(Violation.of(Violation.CLOSE_OUTSIDE_RANGE, "close=" + close + " not in [" + low + ", " + high + "]"));
                }
            }
        }
        if (volume != null && volume < 0) {
            reasons.add(Violation.of(Violation.NEGATIVE_VOLUME, "volume=" + volume));
        }
        if (source != null && !HistoricalBar.SOURCES.contains(source)) {
            reasons.add(Violation.of(Violation.UNKNOWN_SOURCE, "'" + source + "' (expected one of " + HistoricalBar.SOURCES + ")"));
        }
        if (runId != null && !RunIds.isValid(runId)) {
            reasons.add(Violation.of(Violation.INVALID_RUN_ID, "'" + runId + "'"));
        }
        return reasons;
    }

    // ---- ticks -------------------------------------------------------------------------

    /** Decodes and validates one {@code stock.realtime} value. */
    public static Validated<Tick> parseTick(byte[] json, Instant now) {
        Tick fast = TickFastPath.read(json);
        if (fast != null && validate(fast, now).isEmpty()) {
            return Validated.valid(fast);
        }
        return parseTickTree(json, now);
    }

    /** {@link #parseTick} through a JSON tree: every reason of an invalid tick. Package-private for the fast path's tests. */
    static Validated<Tick> parseTickTree(byte[] json, Instant now) {
        JsonNode n;
        try {
            n = JsonCodec.readTree(json);
        } catch (IllegalArgumentException e) {
            return Validated.invalid(List.of(Violation.of(Violation.INVALID_JSON, e.getMessage())));
        }
        if (n == null || !n.isObject()) {
            return Validated.invalid(List.of(Violation.of(Violation.INVALID_JSON, "not a JSON object")));
        }
        Reader r = new Reader(n);
        String symbol = r.text(Fields.SYMBOL);
        Instant ts = r.instant(Fields.TS);
        Double price = r.number(Fields.PRICE);
        Long volume = r.integer(Fields.VOLUME);
        Long seq = r.integer(Fields.SEQ);
        String source = r.text(Fields.SOURCE);
        if (!r.reasons.isEmpty()) {
            r.reasons.addAll(checkTick(symbol, ts, price, volume, seq, now));
            return Validated.invalid(r.reasons);
        }
        Tick tick = new Tick(symbol, ts, price, volume, seq, source);
        List<String> reasons = validate(tick, now);
        return reasons.isEmpty() ? Validated.valid(tick) : Validated.invalid(reasons);
    }

    /** Every reason a typed tick is invalid; empty when it is valid. */
    public static List<String> validate(Tick tick, Instant now) {
        return checkTick(tick.symbol(), tick.ts(), tick.price(), tick.volume(), tick.seq(), now);
    }

    private static List<String> checkTick(String symbol, Instant ts, Double price, Long volume, Long seq, Instant now) {
        List<String> reasons = new ArrayList<>();
        checkSymbol(symbol, reasons);
        checkTs(ts, now, reasons);
        checkPrice(Fields.PRICE, price, reasons);
        if (volume != null && volume < 0) {
            reasons.add(Violation.of(Violation.NEGATIVE_VOLUME, "volume=" + volume));
        }
        if (seq != null && seq < 0) {
            reasons.add(Violation.of(Violation.NEGATIVE_SEQ, "seq=" + seq));
        }
        return reasons;
    }

    // ---- shared checks -----------------------------------------------------------------

    private static void checkSymbol(String symbol, List<String> reasons) {
        if (symbol != null && !isValidSymbol(symbol)) {
            reasons.add(Violation.of(Violation.INVALID_SYMBOL, "'" + symbol + "' (upper-case ticker, 1-20 characters)"));
        }
    }

    private static void checkTs(Instant ts, Instant now, List<String> reasons) {
        if (ts == null) {
            return;
        }
        if (ts.isAfter(now.plus(MAX_FUTURE_SKEW))) {
            reasons.add(Violation.of(Violation.TS_IN_FUTURE, JsonCodec.formatInstant(ts) + " is more than "
                    + MAX_FUTURE_SKEW.toHours() + "h after " + JsonCodec.formatInstant(now)));
        } else if (ts.isBefore(OLDEST_ACCEPTED)) {
            reasons.add(Violation.of(Violation.TS_TOO_OLD, JsonCodec.formatInstant(ts) + " is before " + OLDEST_ACCEPTED));
        }
    }

    /** Returns true when the price is usable for range checks. */
    private static boolean checkPrice(String field, Double value, List<String> reasons) {
        if (value == null) {
            return false;
        }
        if (!Double.isFinite(value)) {
            reasons.add(Violation.of(Violation.NON_FINITE_PRICE, field + "=" + value));
            return false;
        }
        if (value <= 0) {
            reasons.add(Violation.of(Violation.NON_POSITIVE_PRICE, field + "=" + value));
            return false;
        }
        return true;
    }

    /** Reads typed fields from a JSON object, collecting a reason for each missing or mistyped one. */
    private static final class Reader {
        private final JsonNode node;
        private final List<String> reasons = new ArrayList<>();

        Reader(JsonNode node) {
            this.node = node;
        }

        private JsonNode present(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                reasons.add(Violation.of(Violation.MISSING_FIELD, field));
                return null;
            }
            return v;
        }

        String text(String field) {
            JsonNode v = present(field);
            if (v == null) {
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                reasons.add(Violation.of(v.isTextual() ? Violation.MISSING_FIELD : Violation.WRONG_TYPE,
                        field + (v.isTextual() ? " is blank" : " must be a string")));
                return null;
            }
            return v.asText();
        }

        Instant instant(String field) {
            JsonNode v = present(field);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                reasons.add(Violation.of(Violation.UNPARSEABLE_TS, field + " must be an ISO-8601 string, got " + v));
                return null;
            }
            try {
                return JsonCodec.parseInstant(v.asText());
            } catch (IllegalArgumentException e) {
                reasons.add(Violation.of(Violation.UNPARSEABLE_TS, e.getMessage()));
                return null;
            }
        }

        Double number(String field) {
            JsonNode v = present(field);
            return v == null ? null : numeric(field, v);
        }

        Double optionalNumber(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? null : numeric(field, v);
        }

        private Double numeric(String field, JsonNode v) {
            if (!v.isNumber()) {
                reasons.add(Violation.of(Violation.WRONG_TYPE, field + " must be a number, got " + v));
                return null;
            }
            return v.asDouble();
        }

        Long integer(String field) {
            JsonNode v = present(field);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                reasons.add(Violation.of(Violation.WRONG_TYPE, field + " must be an integer, got " + v));
                return null;
            }
            return v.asLong();
        }
    }
}

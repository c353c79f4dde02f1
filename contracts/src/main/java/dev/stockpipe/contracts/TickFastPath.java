package dev.stockpipe.contracts;

import java.nio.charset.StandardCharsets;

/**
 * The common case of {@link RecordValidator#parseTick}, without a JSON parser: one pass over the
 * bytes of a flat object holding exactly the six tick fields, once each, as plain ASCII strings
 * without escapes and as JSON numbers, and nothing after it. Anything else (another or a repeated
 * field, {@code null}, a mistyped or nested value, an escape, a non-ASCII byte, an integer of
 * more than 18 digits, trailing content, malformed JSON) returns {@code null}, and the caller takes
 * the tree path, which names every reason. So this path decides nothing on its own: a record it
 * accepts is one the tree path reads to the same {@link Tick} ({@code TickFastPathTest}). It exists
 * because the lake-writer validates every tick: the JSON tree cost about a third of its consuming
 * thread, and Jackson's streaming parser still about as much.
 */
final class TickFastPath {

    private static final byte[][] FIELDS = {
        ascii(Fields.SYMBOL), ascii(Fields.TS), ascii(Fields.PRICE), ascii(Fields.VOLUME), ascii(Fields.SEQ), ascii(Fields.SOURCE)};
    private static final int SYMBOL = 0;
    private static final int TS = 1;
    private static final int PRICE = 2;
    private static final int VOLUME = 3;
    private static final int SEQ = 4;
    private static final int SOURCE = 5;
    private static final int ALL = (1 << FIELDS.length) - 1;
    /** Longest integer read here; longer ones may not fit a long, and the tree path decides. */
    private static final int MAX_DIGITS = 18;

    private final byte[] b;
    private int i;

    private TickFastPath(byte[] json) {
        this.b = json;
    }

    /** The tick, or {@code null} when the tree path must decide. */
    static Tick read(byte[] json) {
        try {
            return new TickFastPath(json).tick();
        } catch (RuntimeException e) {
            return null; // an unparseable ts, or a scan off the end of malformed input
        }
    }

    private Tick tick() {
        skipWhitespace();
        if (!take('{')) {
            return null;
        }
        String symbol = null;
        String ts = null;
        String source = null;
        double price = 0;
        long volume = 0;
        long seq = 0;
        int seen = 0;
        while (true) {
            skipWhitespace();
            int field = fieldName();
            if (field < 0 || (seen & (1 << field)) != 0) {
                return null;
            }
            seen |= 1 << field;
            skipWhitespace();
            if (!take(':')) {
                return null;
            }
            skipWhitespace();
            switch (field) {
                case SYMBOL -> symbol = text();
                case TS -> ts = text();
                case SOURCE -> source = text();
                case PRICE -> price = number();
                case VOLUME -> volume = integer();
                case SEQ -> seq = integer();
                default -> throw new IllegalStateException("field " + field);
            }
            if ((field == SYMBOL && symbol == null) || (field == TS && ts == null) || (field == SOURCE && source == null)
                    || Double.isNaN(price)) {
                return null;
            }
            skipWhitespace();
            if (take(',')) {
                continue;
            }
            if (take('}')) {
                break;
            }
            return null;
        }
        skipWhitespace();
        if (i != b.length || seen != ALL || volume == Long.MIN_VALUE || seq == Long.MIN_VALUE) {
            return null;
        }
        return new Tick(symbol, JsonCodec.parseInstant(ts), price, volume, seq, source);
    }

    /** Index in {@link #FIELDS} of the quoted name here, or -1 for any other name. */
    private int fieldName() {
        int start = i + 1;
        if (!take('"')) {
            return -1;
        }
        while (b[i] != '"') {
            if (b[i] == '\\') {
                return -1;
            }
            i++;
        }
        int length = i - start;
        i++;
        for (int f = 0; f < FIELDS.length; f++) {
            byte[] name = FIELDS[f];
            if (name.length == length && java.util.Arrays.equals(b, start, start + length, name, 0, length)) {
                return f;
            }
        }
        return -1;
    }

    /** A non-blank string of printable ASCII without escapes, else {@code null}. */
    private String text() {
        if (!take('"')) {
            return null;
        }
        int start = i;
        boolean blank = true;
        while (b[i] != '"') {
            byte c = b[i];
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return null;
            }
            blank &= c == ' ';
            i++;
        }
        int end = i++;
        return blank ? null : new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** A JSON number as a double (what the tree path's {@code asDouble} gives), or NaN to hand over. */
    private double number() {
        int start = i;
        boolean integral = scanNumber();
        if (i == start || (integral && digits(start) > MAX_DIGITS)) {
            return Double.NaN;
        }
        return Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
    }

    /** A JSON integer of at most 18 digits, or {@link Long#MIN_VALUE} to hand over (a fraction or exponent is a double). */
    private long integer() {
        int start = i;
        boolean integral = scanNumber();
        if (i == start || !integral || digits(start) > MAX_DIGITS) {
            return Long.MIN_VALUE;
        }
        return Long.parseLong(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
    }

    /**
     * Moves past a number in JSON's grammar ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?})
     * and says whether it had neither fraction nor exponent; leaves {@code i} where it started when
     * the bytes are not such a number.
     */
    private boolean scanNumber() {
        int start = i;
        if (at('-')) {
            i++;
        }
        boolean integral = true;
        boolean valid;
        if (at('0')) {
            i++;
            valid = true;
        } else {
            valid = digitRun();
        }
        if (valid && at('.')) {
            i++;
            valid = digitRun();
            integral = false;
        }
        if (valid && (at('e') || at('E'))) {
            i++;
            if (at('+') || at('-')) {
                i++;
            }
            valid = digitRun();
            integral = false;
        }
        if (!valid) {
            i = start;
            return false;
        }
        return integral;
    }

    /** Moves past a run of digits and says whether there was at least one. */
    private boolean digitRun() {
        int from = i;
        while (isDigit()) {
            i++;
        }
        return i > from;
    }

    private int digits(int start) {
        return i - start - (b[start] == '-' ? 1 : 0);
    }

    private boolean isDigit() {
        return i < b.length && b[i] >= '0' && b[i] <= '9';
    }

    private boolean at(char c) {
        return i < b.length && b[i] == c;
    }

    private boolean take(char c) {
        if (at(c)) {
            i++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

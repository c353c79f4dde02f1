package dev.stockpipe.dashboard.ticks;

import dev.stockpipe.contracts.Fields;
import java.nio.charset.StandardCharsets;

/**
 * Reads symbol, ts, price and volume out of a tick's JSON bytes in one pass, without a parser and
 * without allocating: the dashboard sees every tick of a topic that may carry 300k+ ticks/s, and it
 * needs only these four fields. Other fields (seq, source, anything added later) are skipped.
 *
 * <p>It accepts the common shape only: a flat object, plain ASCII strings without escapes, JSON
 * numbers. Anything else returns {@link Outcome#UNSUPPORTED} and the caller decides with the full
 * contract parser (RecordValidator), which also names the reason; so an unusual but valid tick is
 * still shown, and an invalid one is counted, never silently dropped.
 */
final class TickScanner {

    enum Outcome { READ, UNSUPPORTED, INVALID }

    private static final byte[] SYMBOL = ascii(Fields.SYMBOL);
    private static final byte[] TS = ascii(Fields.TS);
    private static final byte[] PRICE = ascii(Fields.PRICE);
    private static final byte[] VOLUME = ascii(Fields.VOLUME);
    private static final int ALL = 0b1111;
    /** Exact powers of ten: mantissa / 10^k is then correctly rounded, the same double Double.parseDouble gives. */
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** Below 2^53 every long is an exact double. */
    private static final long EXACT_MANTISSA = 1L << 53;

    private byte[] b;
    private int i;

    /** Fills {@code out} from {@code json}; READ means every one of the four fields was found and well-formed. */
    Outcome scan(byte[] json, ScannedTick out) {
        if (json == null) {
            return Outcome.INVALID;
        }
        b = json;
        i = 0;
        out.json = json;
        try {
            return object(out);
        } catch (ArrayIndexOutOfBoundsException e) {
            return Outcome.UNSUPPORTED; // truncated input: the full parser words the reason
        }
    }

    private Outcome object(ScannedTick out) {
        skipWhitespace();
        if (b[i++] != '{') {
            return Outcome.UNSUPPORTED;
        }
        int seen = 0;
        while (true) {
            skipWhitespace();
            if (b[i++] != '"') {
                return Outcome.UNSUPPORTED;
            }
            int nameFrom = i;
            while (b[i] != '"') {
                if (b[i] == '\\') {
                    return Outcome.UNSUPPORTED;
                }
                i++;
            }
            int nameTo = i++;
            skipWhitespace();
            if (b[i++] != ':') {
                return Outcome.UNSUPPORTED;
            }
            skipWhitespace();
            boolean ok;
            if (is(nameFrom, nameTo, SYMBOL)) {
                ok = string();
                out.symbolFrom = lastFrom;
                out.symbolTo = lastTo;
                seen |= 1;
            } else if (is(nameFrom, nameTo, TS)) {
                ok = string();
                out.tsFrom = lastFrom;
                out.tsTo = lastTo;
                seen |= 2;
            } else if (is(nameFrom, nameTo, PRICE)) {
                ok = number();
                out.price = lastNumber;
                seen |= 4;
            } else if (is(nameFrom, nameTo, VOLUME)) {
                ok = number() && lastIntegral;
                out.volume = lastInteger;
                seen |= 8;
            } else {
                ok = skipValue();
            }
            if (!ok) {
                return Outcome.UNSUPPORTED;
            }
            skipWhitespace();
            byte c = b[i++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return Outcome.UNSUPPORTED;
            }
        }
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        if (i != b.length) {
            return Outcome.UNSUPPORTED; // trailing content: the full parser rejects it
        }
        if (seen != ALL) {
            return Outcome.UNSUPPORTED; // a missing field: the full parser names it
        }
        boolean sane = out.price > 0 && Double.isFinite(out.price) && out.volume >= 0 && out.symbolTo > out.symbolFrom
                && plausibleTimestamp(out.tsFrom, out.tsTo);
        return sane ? Outcome.READ : Outcome.INVALID;
    }

    private int lastFrom;
    private int lastTo;
    private double lastNumber;
    private long lastInteger;
    private boolean lastIntegral;

    /** A quoted string of printable ASCII without escapes; its content range goes to lastFrom/lastTo. */
    private boolean string() {
        if (b[i++] != '"') {
            return false;
        }
        lastFrom = i;
        while (b[i] != '"') {
            byte c = b[i];
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return false;
            }
            i++;
        }
        lastTo = i++;
        return true;
    }

    /**
     * A JSON number. Integers and decimals of up to 18 significant digits are computed here; longer ones
     * or exponents go through Double.parseDouble (rare: the producers write prices with a few decimals).
     */
    private boolean number() {
        int from = i;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        while (isDigit()) {
            mantissa = mantissa * 10 + (b[i++] - '0');
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        lastIntegral = true;
        if (b[i] == '.') {
            i++;
            lastIntegral = false;
            int before = digits;
            while (isDigit()) {
                mantissa = mantissa * 10 + (b[i++] - '0');
                digits++;
            }
            fraction = digits - before;
            if (fraction == 0) {
                return false;
            }
        }
        boolean slow = digits > 18;
        if (b[i] == 'e' || b[i] == 'E') {
            lastIntegral = false;
            slow = true;
            i++;
            if (b[i] == '+' || b[i] == '-') {
                i++;
            }
            int expFrom = i;
            while (isDigit()) {
                i++;
            }
            if (i == expFrom) {
                return false;
            }
        }
        if (slow || mantissa >= EXACT_MANTISSA || fraction >= POWERS.length) {
            lastNumber = Double.parseDouble(new String(b, from, i - from, StandardCharsets.US_ASCII));
            lastInteger = lastIntegral && digits <= 18 ? (negative ? -mantissa : mantissa) : Long.MIN_VALUE;
            lastIntegral &= digits <= 18;
            return true;
        }
        double value = mantissa / POWERS[fraction];
        lastNumber = negative ? -value : value;
        lastInteger = negative ? -mantissa : mantissa;
        return true;
    }

    /** Skips a string, number or literal; an object or array value is left to the full parser. */
    private boolean skipValue() {
        byte c = b[i];
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (c == 't' || c == 'f' || c == 'n') {
            while (b[i] >= 'a' && b[i] <= 'z') {
                i++;
            }
            return true;
        }
        return false;
    }

    /**
     * The shape of an ISO-8601 instant ({@code 2026-01-05T14:30:00.000Z}, 20 to 35 characters); the full
     * check (Timestamps) runs on the one tick per symbol and batch whose time is shown.
     */
    private boolean plausibleTimestamp(int from, int to) {
        int length = to - from;
        return length >= 20 && length <= 35 && b[from + 4] == '-' && b[from + 7] == '-' && b[from + 10] == 'T';
    }

    private boolean is(int from, int to, byte[] name) {
        return to - from == name.length && java.util.Arrays.equals(b, from, to, name, 0, name.length);
    }

    private boolean isDigit() {
        return b[i] >= '0' && b[i] <= '9';
    }

    private void skipWhitespace() {
        while (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
            i++;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

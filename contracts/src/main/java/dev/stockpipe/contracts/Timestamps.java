package dev.stockpipe.contracts;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The one timestamp rule of every record, for every reader: the lake-writer's validator, Spark's raw
 * readers (daily and window), the loader and the DAG's Python code ({@code stockpipe.timestamps}) all
 * accept exactly this set and read the same instant from it. The shared test vectors are
 * {@code contracts/src/test/resources/vectors/timestamps.json}.
 *
 * <p>Accepted: {@code YYYY-MM-DDTHH:MM:SS}, then an optional fraction of 1–9 digits, then {@code Z} or a
 * numeric offset {@code ±HH:MM} (at most ±18:00), upper-case {@code T} and {@code Z}; the date and time
 * must exist (no February 30, no hour 24, no leap second). The instant is kept to the microsecond — the
 * precision of Spark's and the warehouses' timestamps — so digits past the sixth are truncated, never
 * rounded. Everything else (lower-case {@code t}/{@code z}, no offset, a space separator, a comma
 * fraction, basic format, zone names) is rejected.
 *
 * <p>Producers write the canonical form {@link #format} gives: milliseconds and {@code Z}.
 */
public final class Timestamps {

    /** The accepted shape, as a Java regular expression (also what Spark's {@code rlike} is given). */
    public static final String REGEX =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})\\z";

    private static final Pattern SHAPE = Pattern.compile(REGEX);

    /** The canonical form as a date-time pattern, for UTC (also what Spark's {@code date_format} and {@code to_json} are given). */
    public static final String CANONICAL_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

    private static final DateTimeFormatter CANONICAL = DateTimeFormatter.ofPattern(CANONICAL_PATTERN).withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The canonical form: UTC, milliseconds, {@code Z} ({@code 2026-01-05T14:30:00.000Z}). */
    public static String format(Instant instant) {
        return CANONICAL.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Reads an instant under the rule above.
     *
     * @throws IllegalArgumentException naming the text and the accepted form
     */
    public static Instant parse(String text) {
        Instant canonical = parseCanonical(text);
        if (canonical != null) {
            return canonical;
        }
        if (text != null && SHAPE.matcher(text).matches()) {
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                        .truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("not an ISO-8601 instant: '" + text + "' is not a real date, time "
                        + "or offset (" + e.getMessage() + ")", e);
            }
        }
        throw new IllegalArgumentException("not an ISO-8601 instant: '" + text + "' (expected "
                + "YYYY-MM-DDTHH:MM:SS[.fraction of 1-9 digits] then Z or +HH:MM/-HH:MM, e.g. 2026-01-05T14:30:00.000Z)");
    }

    /** True when {@link #parse} accepts the text. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The canonical form read digit by digit: the lake-writer parses one per record, and the general
     * parser costs several microseconds. Anything else — including an impossible date in that
     * shape — returns null for the general path.
     */
    private static Instant parseCanonical(String t) {
        if (t == null || t.length() != 24 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int millis = digits(t, 20, 3);
        if ((year | month | day | hour | minute | second | millis) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code length} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String t, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

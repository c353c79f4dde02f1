package dev.stockpipe.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys of the data lake (DESIGN.md "Lake layout"), and their inverse. Raw data is
 * partitioned by UTC event time; processed data by trading date ({@code date=}). The zone roots
 * default to {@code raw} and {@code processed} and can be moved, e.g. to share a bucket.
 *
 * <p>Raw object names carry topic, partition and zero-padded first offset, so a replay after a
 * crash writes the same key again and the lake holds every record exactly once.
 */
public final class LakeLayout {

    public static final String DEFAULT_RAW_ROOT = "raw";
    public static final String DEFAULT_PROCESSED_ROOT = "processed";
    public static final String RAW_SUFFIX = ".jsonl.gz";

    private static final String HISTORICAL = "historical";
    private static final String REALTIME = "realtime";
    private static final int OFFSET_DIGITS = 20;
    private static final Pattern ROOT = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    /** The layout of DESIGN.md; declared after the constants its constructor uses. */
    public static final LakeLayout DEFAULT = new LakeLayout(DEFAULT_RAW_ROOT, DEFAULT_PROCESSED_ROOT);

    private final String rawRoot;
    private final String processedRoot;
    private final Pattern rawHistoricalKey;
    private final Pattern rawRealtimeKey;
    private final Pattern manifestKey;
    private final Pattern processedHistoricalKey;
    private final Pattern processedRealtimeKey;

    public LakeLayout(String rawRoot, String processedRoot) {
        this.rawRoot = requireRoot(rawRoot);
        this.processedRoot = requireRoot(processedRoot);
        String raw = Pattern.quote(this.rawRoot);
        String processed = Pattern.quote(this.processedRoot);
        String object = "([^/+]+)\\+(\\d+)\\+(\\d+)" + Pattern.quote(RAW_SUFFIX);
        rawHistoricalKey = Pattern.compile(raw + "/" + HISTORICAL + "/year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/" + object);
        rawRealtimeKey = Pattern.compile(raw + "/" + REALTIME + "/year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/hour=(\\d{2})/" + object);
        manifestKey = Pattern.compile(raw + "/_manifests/" + HISTORICAL + "/run_id=([A-Za-z0-9._-]+)\\.json");
        processedHistoricalKey = Pattern.compile(processed + "/" + HISTORICAL + "/date=(\\d{4}-\\d{2}-\\d{2})/([^/]+)");
        processedRealtimeKey = Pattern.compile(processed + "/" + REALTIME + "/window=(15m|1h)/date=(\\d{4}-\\d{2}-\\d{2})/([^/]+)");
    }

    private static String requireRoot(String root) {
        if (root == null || !ROOT.matcher(root).matches()) {
            throw new IllegalArgumentException("Invalid lake zone root '" + root
                    + "': use path segments of A-Z a-z 0-9 . _ - separated by '/', without leading or trailing '/'");
        }
        return root;
    }

    public String rawRoot() {
        return rawRoot;
    }

    public String processedRoot() {
        return processedRoot;
    }

    // ---- raw zone ----------------------------------------------------------------------

    /** {@code raw/historical/} — everything the historical topic landed. */
    public String rawHistoricalRoot() {
        return rawRoot + "/" + HISTORICAL + "/";
    }

    /** {@code raw/realtime/}. */
    public String rawRealtimeRoot() {
        return rawRoot + "/" + REALTIME + "/";
    }

    /** {@code raw/historical/year=YYYY/month=MM/day=DD/} for a UTC day. */
    public String rawHistoricalPrefix(LocalDate utcDay) {
        return rawHistoricalRoot() + dayPath(utcDay);
    }

    /** {@code raw/realtime/year=YYYY/month=MM/day=DD/hour=HH/} for a UTC hour. */
    public String rawRealtimePrefix(LocalDate utcDay, int utcHour) {
        if (utcHour < 0 || utcHour > 23) {
            throw new IllegalArgumentException("hour must be 0-23, got " + utcHour);
        }
        return rawRealtimeRoot() + dayPath(utcDay) + "hour=" + twoDigits(utcHour) + "/";
    }

    /** Key of the raw historical object whose first record is {@code firstOffset}; placed by the bar's UTC day. */
    public String rawHistoricalKey(Instant barTs, String topic, int partition, long firstOffset) {
        return rawHistoricalPrefix(utcDay(barTs)) + objectName(topic, partition, firstOffset);
    }

    /** Key of the raw realtime object whose first record is {@code firstOffset}; placed by the tick's UTC hour. */
    public String rawRealtimeKey(Instant eventTs, String topic, int partition, long firstOffset) {
        ZonedDateTime utc = eventTs.atZone(ZoneOffset.UTC);
        return rawRealtimePrefix(utc.toLocalDate(), utc.getHour()) + objectName(topic, partition, firstOffset);
    }

    /** {@code <topic>+<partition>+<first offset, zero-padded>.jsonl.gz}. */
    public static String objectName(String topic, int partition, long firstOffset) {
        if (topic.contains("/") || topic.contains("+")) {
            throw new IllegalArgumentException("topic '" + topic + "' cannot be used in an object name");
        }
        if (partition < 0 || firstOffset < 0) {
            throw new IllegalArgumentException("partition and offset must not be negative");
        }
        return topic + "+" + partition + "+" + String.format("%0" + OFFSET_DIGITS + "d", firstOffset) + RAW_SUFFIX;
    }

    /** {@code raw/_manifests/historical/} — where run manifests live. */
    public String manifestRoot() {
        return rawRoot + "/_manifests/" + HISTORICAL + "/";
    }

    /** {@code raw/_manifests/historical/run_id=<id>.json}. */
    public String manifestKey(String runId) {
        return manifestRoot() + "run_id=" + RunIds.require(runId) + ".json";
    }

    // ---- processed zone ----------------------------------------------------------------

    /** {@code processed/historical/} — the daily metrics table root (partitioned by {@code date=}). */
    public String processedHistoricalRoot() {
        return processedRoot + "/" + HISTORICAL + "/";
    }

    /** {@code processed/historical/date=YYYY-MM-DD/}. */
    public String processedHistoricalPrefix(LocalDate tradeDate) {
        return processedHistoricalRoot() + "date=" + tradeDate + "/";
    }

    /** {@code processed/realtime/} — every window size's table and the streaming checkpoints. */
    public String processedRealtimeRoot() {
        return processedRoot + "/" + REALTIME + "/";
    }

    /** {@code processed/realtime/window=15m/} — one table root per window size. */
    public String processedRealtimeRoot(WindowSize window) {
        return processedRealtimeRoot() + "window=" + window.code() + "/";
    }

    /** {@code processed/realtime/window=15m/date=YYYY-MM-DD/}; the date is the UTC date of the window start. */
    public String processedRealtimePrefix(WindowSize window, LocalDate windowStartUtcDate) {
        return processedRealtimeRoot(window) + "date=" + windowStartUtcDate + "/";
    }

    /** {@code processed/realtime/_checkpoints/<query>/} — streaming checkpoints. */
    public String checkpointPrefix(String queryName) {
        if (!queryName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("Invalid streaming query name '" + queryName + "'");
        }
        return processedRealtimeRoot() + "_checkpoints/" + queryName + "/";
    }

    // ---- inverse -----------------------------------------------------------------------

    /** Parses a key of this layout back into its parts; empty for a key the layout did not make. */
    public Optional<LakeKey> parse(String key) {
        Matcher m = rawHistoricalKey.matcher(key);
        if (m.matches()) {
            return Optional.of(new LakeKey.RawObject(LakeKey.Stream.HISTORICAL, date(m, 1), null,
                    m.group(4), Integer.parseInt(m.group(5)), Long.parseLong(m.group(6))));
        }
        m = rawRealtimeKey.matcher(key);
        if (m.matches()) {
            int hour = Integer.parseInt(m.group(4));
            if (hour > 23) {
                return Optional.empty();
            }
            return Optional.of(new LakeKey.RawObject(LakeKey.Stream.REALTIME, date(m, 1), hour,
                    m.group(5), Integer.parseInt(m.group(6)), Long.parseLong(m.group(7))));
        }
        m = manifestKey.matcher(key);
        if (m.matches()) {
            return Optional.of(new LakeKey.Manifest(m.group(1)));
        }
        Matcher h = processedHistoricalKey.matcher(key);
        if (h.matches()) {
            return parseDate(h.group(1)).map(d -> new LakeKey.ProcessedHistorical(d, h.group(2)));
        }
        Matcher r = processedRealtimeKey.matcher(key);
        if (r.matches()) {
            return parseDate(r.group(2)).map(d -> new LakeKey.ProcessedRealtime(WindowSize.parse(r.group(1)), d, r.group(3)));
        }
        return Optional.empty();
    }

    private static LocalDate date(Matcher m, int firstGroup) {
        return LocalDate.of(Integer.parseInt(m.group(firstGroup)), Integer.parseInt(m.group(firstGroup + 1)),
                Integer.parseInt(m.group(firstGroup + 2)));
    }

    private static Optional<LocalDate> parseDate(String text) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Built by hand: the lake-writer asks for it per record, and String.format costs microseconds. */
    private static String dayPath(LocalDate day) {
        int year = day.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year must be 0-9999 for the lake layout, got " + year);
        }
        String y = Integer.toString(year);
        return "year=" + "0".repeat(4 - y.length()) + y + "/month=" + twoDigits(day.getMonthValue()) + "/day="
                + twoDigits(day.getDayOfMonth()) + "/";
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private static LocalDate utcDay(Instant ts) {
        return ts.atZone(ZoneOffset.UTC).toLocalDate();
    }
}

package dev.stockpipe.spark.daily;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.contracts.job.JobRunner;
import dev.stockpipe.spark.lake.LakeOptions;
import dev.stockpipe.spark.session.SessionProvider;
import dev.stockpipe.spark.session.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Batch job: raw historical bars of a trading-date range → {@code processed/historical/date=…/}
 * Parquet. Reads the UTC-day partitions covering the range (a trading date spans two UTC days),
 * checks data quality, computes {@link DailyMetricsTransform}, overwrites exactly the dates it
 * produced, and — when it succeeded — deletes the output of requested dates it produced no rows
 * for ({@link StaleDatePartitions}): after a rerun, the range's output is exactly that run's.
 */
public final class DailyMetricsJob {

    public static final String NAME = "daily-metrics";

    public static final String EXCHANGE_ZONE = "exchange-zone";
    public static final String MAX_INVALID_RATIO = "max-invalid-ratio";
    public static final String MASTER = "master";
    public static final String ALLOW_EMPTY = "allow-empty";
    public static final double DEFAULT_MAX_INVALID_RATIO = 0.001;

    private static final String QUALITY_OBSERVATION = "bar_quality";
    private static final String LINES = "_lines";
    private static final String INVALID = "_invalid";
    private static final String EXAMPLE_SUFFIX = "_example";

    /** Name of the partition column of the output table (directories {@code date=YYYY-MM-DD}). */
    public static final String DATE_PARTITION = "date";

    private static final Set<String> OPTIONS = union(LakeOptions.OPTIONS, Set.of(EXCHANGE_ZONE, MAX_INVALID_RATIO, MASTER));
    private static final Set<String> FLAGS = Set.of(ALLOW_EMPTY);

    /** Everything one run needs, parsed and validated before Spark starts. */
    public record Config(JobArgs.DateRange range, String runId, LakeOptions.Lake lake, TradingCalendar calendar,
            double maxInvalidRatio, boolean allowEmpty, Optional<String> master) {
    }

    private DailyMetricsJob() {
    }

    /** Runs under the job contract and returns the exit code. */
    public static int run(String[] argv, Map<String, String> env, SessionProvider sessions, PrintStream out,
            PrintStream err) {
        return JobRunner.run(NAME, argv, FLAGS, OPTIONS, args -> {
            Config config = config(args, env);
            SparkSession spark = sessions.session(NAME, config.master());
            return execute(spark, config);
        }, out, err);
    }

    public static Config config(JobArgs args, Map<String, String> env) {
        JobArgs.DateRange range = args.dateRange();
        String runId = args.runIdOr(NAME + "-" + range.from() + "-" + System.currentTimeMillis());
        ZoneId zone;
        try {
            zone = ZoneId.of(args.option(EXCHANGE_ZONE).orElse(TradingCalendar.DEFAULT_EXCHANGE_ZONE.getId()));
        } catch (DateTimeException e) {
            throw new JobArgs.UsageException("--" + EXCHANGE_ZONE + " must be a time zone id such as America/New_York: "
                    + e.getMessage());
        }
        double maxInvalid = args.doubleOption(MAX_INVALID_RATIO, DEFAULT_MAX_INVALID_RATIO);
        if (!(maxInvalid >= 0.0 && maxInvalid <= 1.0)) {
            throw new JobArgs.UsageException("--" + MAX_INVALID_RATIO + " must be between 0 and 1, got " + maxInvalid);
        }
        return new Config(range, runId, LakeOptions.resolve(args, env), new TradingCalendar(zone), maxInvalid,
                args.flag(ALLOW_EMPTY), args.option(MASTER));
    }

    /** The job body on a given session; returns the summary fields. */
    public static Map<String, Object> execute(SparkSession spark, Config c) throws IOException {
        SparkSessions.applySqlDefaults(spark);
        SparkSessions.configureLake(spark, c.lake());
        var lake = c.lake().location();
        var layout = lake.layout();
        List<String> dayPaths;
        try {
            dayPaths = RawBars.dayPaths(spark, lake, c.calendar(), c.range());
        } catch (IOException | RuntimeException e) {
            throw c.lake().accessFailure("read", e);
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("from", c.range().from().toString());
        summary.put("to", c.range().to().toString());
        summary.put("lake", lake.root());
        summary.put("raw_days_read", dayPaths.size());
        if (dayPaths.isEmpty()) {
            if (c.allowEmpty()) {
                summary.putAll(QualityReport.empty().toSummary());
                summary.put("dates_written", List.of());
                summary.put("rows_written", 0L);
                summary.put("dates_deleted", deleteStale(spark, c, List.of()));
                return summary;
            }
            throw new JobRunner.JobFailure("No raw historical data for trading dates " + c.range().from() + ".."
                    + c.range().to() + " under " + lake.path(layout.rawHistoricalRoot())
                    + ": check that the backfill for these dates landed (its run manifest), or pass --" + ALLOW_EMPTY);
        }

        Timestamp start = Timestamp.from(c.calendar().startOf(c.range().from()));
        Timestamp end = Timestamp.from(c.calendar().endOf(c.range().to()));
        Dataset<Row> flagged = BarQuality.flag(
                RawBars.read(spark, lake.path(layout.rawHistoricalRoot()), dayPaths)
                        .filter(inRange(start, end, c.range())))
                .select(Stream.concat(DailyMetricsTransform.INPUT_COLUMNS.stream(), Stream.of(BarQuality.ISSUE, BarQuality.EXAMPLE))
                        .map(functions::col).toArray(Column[]::new));
        // Only the daily rows are cached (thousands, not millions): one pass over the raw files computes
        // them and, on the way, the quality counts (observed metrics); nothing is written before both passed.
        Dataset<Row> metrics = DailyMetricsTransform.compute(
                observeQuality(flagged).filter(col(BarQuality.ISSUE).isNull()), c.calendar().exchangeZone())
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // the pass itself: rows and bars per date, for the summary
            Dataset<Row> perDateQuery = metrics.groupBy(col(Fields.TRADE_DATE))
                    .agg(count(lit(1)), sum(col(Fields.BAR_COUNT))).orderBy(col(Fields.TRADE_DATE));
            List<Row> perDate = perDateQuery.collectAsList();
            QualityReport quality = observedQuality(perDateQuery).orElseGet(() -> quality(flagged));
            summary.putAll(quality.toSummary());
            if (quality.linesRead() == 0 && !c.allowEmpty()) {
                throw new JobRunner.JobFailure("The raw historical data holds no bars for trading dates "
                        + c.range().from() + ".." + c.range().to() + " (" + dayPaths.size()
                        + " UTC-day partitions read): check the backfill, or pass --" + ALLOW_EMPTY);
            }
            if (quality.exceeds(c.maxInvalidRatio())) {
                throw new JobRunner.JobFailure(String.format(
                        "%d of %d raw bars (%.4f%%) break data-quality rules [%s], above --%s %s: fix the source data "
                                + "or raise the threshold; nothing was written",
                        quality.invalidRows(), quality.linesRead(), quality.invalidRatio() * 100, quality.describeInvalid(),
                        MAX_INVALID_RATIO, c.maxInvalidRatio()));
            }
            write(metrics, lake.path(layout.processedHistoricalRoot()));
            List<LocalDate> dates = perDate.stream().map(r -> r.getDate(0).toLocalDate()).toList();
            long rowsWritten = perDate.stream().mapToLong(r -> r.getLong(1)).sum();
            long barsUsed = perDate.stream().mapToLong(r -> r.getLong(2)).sum();
            summary.put("bars_used", barsUsed);
            summary.put("bars_dropped_duplicate_or_coarser_interval", quality.rowsRead() - barsUsed);
            summary.put("rows_written", rowsWritten);
            summary.put("dates_written", dates.stream().map(LocalDate::toString).toList());
            summary.put("dates_deleted", deleteStale(spark, c, dates));
            summary.put("output", lake.path(layout.processedHistoricalRoot()));
        } finally {
            metrics.unpersist();
        }
        return summary;
    }

    /**
     * Runs only after a successful write (failures throw before it): deletes the output of
     * requested dates this run produced no rows for, so the range's output is exactly this run's.
     */
    private static List<String> deleteStale(SparkSession spark, Config c, List<LocalDate> written) {
        var lake = c.lake().location();
        return StaleDatePartitions.delete(spark.sparkContext().hadoopConfiguration(),
                lake.path(lake.layout().processedHistoricalRoot()), c.range(), written)
                .stream().map(LocalDate::toString).toList();
    }

    /**
     * Bars of the requested trading dates. A row without a usable ts (malformed line, missing
     * field) cannot be placed by time; it is kept — to be counted as invalid — when the UTC-day
     * partition it was filed under is one of the requested dates, so a margin day's bad line is
     * not blamed on a neighbouring date's run.
     */
    static Column inRange(Timestamp start, Timestamp end, JobArgs.DateRange range) {
        Column partitionDay = make_date(col(RawBars.YEAR), col(RawBars.MONTH), col(RawBars.DAY));
        return col(Fields.TS).geq(lit(start)).and(col(Fields.TS).lt(lit(end)))
                .or(col(Fields.TS).isNull().and(partitionDay.between(lit(java.sql.Date.valueOf(range.from())),
                        lit(java.sql.Date.valueOf(range.to())))));
    }

    /** One Parquet file per date; dynamic overwrite replaces only the dates present in {@code metrics}. */
    static void write(Dataset<Row> metrics, String outputRoot) {
        metrics.withColumn(DATE_PARTITION, col(Fields.TRADE_DATE))
                .repartition(col(DATE_PARTITION))
                .write()
                .mode(SaveMode.Overwrite)
                .option("partitionOverwriteMode", "dynamic")
                .partitionBy(DATE_PARTITION)
                .parquet(outputRoot);
    }

    /**
     * Flagged bars, observed on their way through: every line, the invalid ones, and per reason a count
     * and the largest example (the same figures {@link #quality} computes with a query of its own).
     */
    static Dataset<Row> observeQuality(Dataset<Row> flagged) {
        List<Column> m = new ArrayList<>();
        m.add(count(col(BarQuality.ISSUE)).as(INVALID));
        for (String reason : BarQuality.REASONS) {
            Column hit = col(BarQuality.ISSUE).equalTo(lit(reason));
            m.add(count(when(hit, lit(1))).as(reason));
            m.add(max(when(hit, col(BarQuality.EXAMPLE))).as(reason + EXAMPLE_SUFFIX));
        }
        return flagged.observe(QUALITY_OBSERVATION, count(lit(1)).as(LINES), m.toArray(Column[]::new));
    }

    /**
     * The quality counts observed while {@code query} ran, when Spark reported them: it may not when a
     * stage is replaced before it runs (adaptive execution of an empty input), and then {@link #quality}
     * reads the bars again.
     */
    static Optional<QualityReport> observedQuality(Dataset<Row> query) {
        scala.Option<Row> observed = query.queryExecution().observedMetrics().get(QUALITY_OBSERVATION);
        if (observed.isEmpty()) {
            return Optional.empty();
        }
        Row r = observed.get();
        long invalid = r.getLong(r.fieldIndex(INVALID));
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        for (String reason : BarQuality.REASONS) {
            long n = r.getLong(r.fieldIndex(reason));
            if (n > 0) {
                int e = r.fieldIndex(reason + EXAMPLE_SUFFIX);
                byReason.put(reason, n);
                examples.put(reason, r.isNullAt(e) ? "" : r.getString(e));
            }
        }
        if (byReason.values().stream().mapToLong(Long::longValue).sum() != invalid) {
            throw new IllegalStateException("BarQuality.REASONS misses a rule: " + invalid + " invalid bars, by reason " + byReason);
        }
        return Optional.of(new QualityReport(r.getLong(r.fieldIndex(LINES)) - invalid, invalid, byReason, examples));
    }

    static QualityReport quality(Dataset<Row> flagged) {
        List<Row> rows = flagged.groupBy(col(BarQuality.ISSUE))
                .agg(count(lit(1)), max(col(BarQuality.EXAMPLE))).collectAsList();
        long valid = 0;
        long invalid = 0;
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        for (Row r : rows) {
            long n = r.getLong(1);
            if (r.isNullAt(0)) {
                valid += n;
            } else {
                invalid += n;
                byReason.put(r.getString(0), n);
                examples.put(r.getString(0), r.isNullAt(2) ? "" : r.getString(2));
            }
        }
        return new QualityReport(valid, invalid, byReason, examples);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}

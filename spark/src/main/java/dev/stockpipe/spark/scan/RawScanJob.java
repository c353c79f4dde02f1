package dev.stockpipe.spark.scan;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.contracts.job.JobRunner;
import dev.stockpipe.spark.daily.RawBars;
import dev.stockpipe.spark.lake.LakeLocation;
import dev.stockpipe.spark.lake.LakeOptions;
import dev.stockpipe.spark.session.SessionProvider;
import dev.stockpipe.spark.session.SparkSessions;
import dev.stockpipe.spark.window.RawTicks;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads the raw zone exactly as a job reads it — the job's own reader ({@link RawBars#read} with the
 * same day directories, or {@link RawTicks#read}), same schema and options — and counts the lines:
 * no quality rules, no metrics, nothing written. It is the Spark baseline of the benchmarks (what
 * Spark on this machine needs just to read a job's input), and a quick check that a raw zone reads.
 *
 * <p>{@code raw-scan --data bars --from D --to D} (the daily job's trading dates) or
 * {@code raw-scan --data ticks} (all of {@code raw/realtime/}).
 *
 * <p>{@code --fields all} (the default) converts every field of every line, as a job must, and sums a
 * hash of each row so no column can be pruned away. {@code --fields none} is a bare {@code count()}:
 * Spark then converts no field at all (its JSON reader skips parsing for an empty required schema),
 * so it measures decompression and line splitting only.
 */
public final class RawScanJob {

    public static final String NAME = "raw-scan";

    public static final String DATA = "data";
    public static final String MASTER = "master";
    public static final String FIELDS = "fields";

    private static final Set<String> OPTIONS = union(LakeOptions.OPTIONS, Set.of(DATA, MASTER, FIELDS, JobArgs.DATE,
            JobArgs.FROM, JobArgs.TO));

    /** Which raw data set: bars of a trading-date range (as DailyMetricsJob), or every tick (as WindowMetricsStream). */
    public enum Data { BARS, TICKS }

    /** How much of each line is converted: every field the reader gives, or none (a bare count). */
    public enum FieldMode { ALL, NONE }

    public record Config(Data data, FieldMode fields, Optional<JobArgs.DateRange> range, LakeOptions.Lake lake,
            Optional<String> master) {
    }

    private RawScanJob() {
    }

    public static int run(String[] argv, Map<String, String> env, SessionProvider sessions, PrintStream out,
            PrintStream err) {
        return JobRunner.run(NAME, argv, Set.of(), OPTIONS, args -> {
            Config config = config(args, env);
            return execute(sessions.session(NAME, config.master()), config);
        }, out, err);
    }

    public static Config config(JobArgs args, Map<String, String> env) {
        Data data = switch (args.option(DATA).orElse("")) {
            case "bars" -> Data.BARS;
            case "ticks" -> Data.TICKS;
            default -> throw new JobArgs.UsageException("--" + DATA + " must be bars or ticks");
        };
        FieldMode fields = switch (args.option(FIELDS).orElse("all")) {
            case "all" -> FieldMode.ALL;
            case "none" -> FieldMode.NONE;
            default -> throw new JobArgs.UsageException("--" + FIELDS + " must be all or none");
        };
        Optional<JobArgs.DateRange> range = data == Data.BARS ? Optional.of(args.dateRange()) : Optional.empty();
        return new Config(data, fields, range, LakeOptions.resolve(args, env), args.option(MASTER));
    }

    public static Map<String, Object> execute(SparkSession spark, Config c) throws IOException {
        SparkSessions.applySqlDefaults(spark);
        SparkSessions.configureLake(spark, c.lake());
        LakeLocation lake = c.lake().location();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("data", c.data().name().toLowerCase());
        Dataset<Row> rows;
        if (c.data() == Data.BARS) {
            JobArgs.DateRange range = c.range().orElseThrow();
            List<String> days;
            try {
                // the default exchange zone, as DailyMetricsJob without --exchange-zone
                days = RawBars.dayPaths(spark, lake, TradingCalendar.newYork(), range);
            } catch (IOException | RuntimeException e) {
                throw c.lake().accessFailure("read", e);
            }
            summary.put("from", range.from().toString());
            summary.put("to", range.to().toString());
            summary.put("raw_days_read", days.size());
            if (days.isEmpty()) {
                throw new JobRunner.JobFailure("No raw historical data for trading dates " + range.from() + ".." + range.to()
                        + " under " + lake.path(lake.layout().rawHistoricalRoot()));
            }
            rows = RawBars.read(spark, lake.path(lake.layout().rawHistoricalRoot()), days);
        } else {
            rows = RawTicks.read(spark, lake.path(lake.layout().rawRealtimeRoot()));
        }
        summary.put("fields", c.fields().name().toLowerCase());
        if (c.fields() == FieldMode.NONE) {
            summary.put("lines_read", rows.count());
        } else {
            // one pass: the count, and a hash over every column so each one is converted
            Row r = rows.agg(count(lit(1)), sum(xxhash64(Arrays.stream(rows.columns()).map(functions::col)
                    .toArray(Column[]::new)))).first();
            summary.put("lines_read", r.getLong(0));
            summary.put("row_hash_sum", r.isNullAt(1) ? 0L : r.getLong(1));
        }
        return summary;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}

package dev.stockpipe.spark.scan;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the raw zone exactly as a job reads it — the job's own reader ({@link RawBars#read} with the
 * same day directories, or {@link RawTicks#read}), same schema and options — and counts the lines:
 * no quality rules, no metrics, nothing written. It is the Spark baseline of the benchmarks (what
 * Spark on this machine needs just to read a job's input), and a quick check that a raw zone reads.
 *
 * <p>{@code raw-scan --data bars --from D --to D} (the daily job's trading dates) or
 * {@code raw-scan --data ticks} (all of {@code raw/realtime/}).
 */
public final class RawScanJob {

    public static final String NAME = "raw-scan";

    public static final String DATA = "data";
    public static final String MASTER = "master";

    private static final Set<String> OPTIONS = union(LakeOptions.OPTIONS, Set.of(DATA, MASTER, JobArgs.DATE,
            JobArgs.FROM, JobArgs.TO));

    /** Which raw data set: bars of a trading-date range (as DailyMetricsJob), or every tick (as WindowMetricsStream). */
    public enum Data { BARS, TICKS }

    public record Config(Data data, Optional<JobArgs.DateRange> range, LakeOptions.Lake lake, Optional<String> master) {
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
        Optional<JobArgs.DateRange> range = data == Data.BARS ? Optional.of(args.dateRange()) : Optional.empty();
        return new Config(data, range, LakeOptions.resolve(args, env), args.option(MASTER));
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
        summary.put("lines_read", rows.count());
        return summary;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}

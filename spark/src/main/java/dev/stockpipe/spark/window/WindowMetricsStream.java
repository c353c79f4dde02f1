package dev.stockpipe.spark.window;

import static org.apache.spark.sql.functions.col;


import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.RuntimeEnv;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.contracts.job.JobRunner;
import dev.stockpipe.spark.lake.LakeLocation;
import dev.stockpipe.spark.lake.LakeOptions;
import dev.stockpipe.spark.lake.RawJson;
import dev.stockpipe.spark.session.SessionProvider;
import dev.stockpipe.spark.session.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Streaming job: real-time ticks → 15-minute and 1-hour sliding-window metrics under
 * {@code processed/realtime/window=…/date=…/}. One query computes every window size from one read of
 * the ticks, with its checkpoint under {@code processed/realtime/_checkpoints/<query>/}, appending only
 * windows the watermark has closed — so every window is written once, with its final values.
 *
 * <p>{@code --available-now} processes the backlog and exits (scheduled runs, tests); without it
 * the queries run on a processing-time trigger until stopped.
 */
public final class WindowMetricsStream {

    public static final String NAME = "window-metrics";

    public static final String SOURCE = "source";
    public static final String AVAILABLE_NOW = "available-now";
    public static final String TRIGGER = "trigger-interval";
    public static final String WATERMARK = "watermark";
    public static final String SLIDE = "slide";
    public static final String WINDOWS = "windows";
    public static final String MAX_FILES_PER_TRIGGER = "max-files-per-trigger";
    public static final String MAX_OFFSETS_PER_TRIGGER = "max-offsets-per-trigger";
    public static final String STARTING_OFFSETS = "starting-offsets";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka-bootstrap-servers";
    public static final String QUERY_PREFIX = "query-prefix";
    public static final String MASTER = "master";
    public static final String METRICS_TOPIC = "metrics-topic";
    public static final String NO_PUBLISH = "no-publish";

    public static final Duration DEFAULT_WATERMARK = Duration.ofMinutes(2);
    public static final Duration DEFAULT_SLIDE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TRIGGER = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_FILES_PER_TRIGGER = 100;
    public static final long DEFAULT_MAX_OFFSETS_PER_TRIGGER = 500_000;

    static final Set<String> OPTIONS = union(LakeOptions.OPTIONS, Set.of(SOURCE, TRIGGER, WATERMARK, SLIDE,
            WINDOWS, MAX_FILES_PER_TRIGGER, MAX_OFFSETS_PER_TRIGGER, STARTING_OFFSETS, KAFKA_BOOTSTRAP_SERVERS,
            QUERY_PREFIX, MASTER, METRICS_TOPIC));
    static final Set<String> FLAGS = Set.of(AVAILABLE_NOW, NO_PUBLISH);

    /** Where ticks come from. */
    public enum Source { FILES, KAFKA }

    public record Config(LakeOptions.Lake lake, Source source, boolean availableNow, Duration trigger,
            Duration watermark, Duration slide, List<WindowSize> windows, int maxFilesPerTrigger,
            long maxOffsetsPerTrigger, String startingOffsets, Optional<String> kafkaBootstrapServers,
            Map<String, String> kafkaClientOptions, String queryPrefix, Optional<String> master,
            Optional<String> metricsTopic) {

        /**
         * Query (and checkpoint) name: the source is part of it because offsets of one source mean
         * nothing to the other, and the window sizes because the state holds exactly those.
         */
        public String queryName() {
            return sourceQueryPrefix() + "-windows-" + String.join("-", windows.stream().map(WindowSize::code).toList());
        }

        /** The per-size query of versions up to 0.1.0, whose checkpoint this version refuses to run beside. */
        String legacyQueryName(WindowSize size) {
            return sourceQueryPrefix() + "-" + size.code();
        }

        private String sourceQueryPrefix() {
            return queryPrefix + (source == Source.KAFKA ? "-kafka" : "");
        }
    }

    private WindowMetricsStream() {
    }

    public static int run(String[] argv, Map<String, String> env, SessionProvider sessions, PrintStream out,
            PrintStream err) {
        return JobRunner.run(NAME, argv, FLAGS, OPTIONS, args -> {
            Config config = config(args, env);
            return execute(sessions.session(NAME, config.master()), config, err);
        }, out, err);
    }

    public static Config config(JobArgs args, Map<String, String> env) {
        Source source = switch (args.option(SOURCE).orElse("files")) {
            case "files" -> Source.FILES;
            case "kafka" -> Source.KAFKA;
            default -> throw new JobArgs.UsageException("--" + SOURCE + " must be files or kafka");
        };
        Optional<String> bootstrap = args.option(KAFKA_BOOTSTRAP_SERVERS)
                .or(() -> Optional.ofNullable(env.get(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS)).filter(s -> !s.isBlank()));
        if (source == Source.KAFKA && bootstrap.isEmpty()) {
            throw new JobArgs.UsageException("--" + SOURCE + " kafka needs --" + KAFKA_BOOTSTRAP_SERVERS + " or "
                    + RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS);
        }
        // the live feed goes wherever Kafka is known, unless switched off; asking for a topic without Kafka is an error
        Optional<String> metricsTopic = args.flag(NO_PUBLISH) || bootstrap.isEmpty() ? Optional.empty()
                : Optional.of(args.option(METRICS_TOPIC).orElse(Topics.METRICS_WINDOWS));
        if (args.option(METRICS_TOPIC).isPresent() && metricsTopic.isEmpty()) {
            throw new JobArgs.UsageException("--" + METRICS_TOPIC + " needs Kafka (--" + KAFKA_BOOTSTRAP_SERVERS + " or "
                    + RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS + ") and no --" + NO_PUBLISH);
        }
        List<WindowSize> windows = new ArrayList<>();
        for (String code : args.option(WINDOWS).orElse("15m,1h").split(",")) {
            try {
                windows.add(WindowSize.parse(code.trim()));
            } catch (IllegalArgumentException e) {
                throw new JobArgs.UsageException("--" + WINDOWS + ": " + e.getMessage());
            }
        }
        Duration slide = duration(args, SLIDE, DEFAULT_SLIDE);
        for (WindowSize w : windows) {
            if (slide.compareTo(w.length()) > 0) {
                throw new JobArgs.UsageException("--" + SLIDE + " " + slide + " is longer than the " + w.code() + " window");
            }
        }
        int maxFiles = args.intOption(MAX_FILES_PER_TRIGGER, DEFAULT_MAX_FILES_PER_TRIGGER);
        long maxOffsets = (long) args.doubleOption(MAX_OFFSETS_PER_TRIGGER, DEFAULT_MAX_OFFSETS_PER_TRIGGER);
        if (maxFiles < 1 || maxOffsets < 1) {
            throw new JobArgs.UsageException("--" + MAX_FILES_PER_TRIGGER + " and --" + MAX_OFFSETS_PER_TRIGGER
                    + " must be at least 1");
        }
        return new Config(LakeOptions.resolve(args, env), source, args.flag(AVAILABLE_NOW),
                duration(args, TRIGGER, DEFAULT_TRIGGER), duration(args, WATERMARK, DEFAULT_WATERMARK), slide,
                List.copyOf(windows), maxFiles, maxOffsets, args.option(STARTING_OFFSETS).orElse("earliest"),
                bootstrap, KafkaClientEnv.sparkOptions(env), args.option(QUERY_PREFIX).orElse(NAME), args.option(MASTER),
                metricsTopic);
    }

    /** Starts the query; with available-now waits for it and returns the summary, else runs until it stops or fails. */
    public static Map<String, Object> execute(SparkSession spark, Config c, PrintStream err)
            throws IOException, TimeoutException, StreamingQueryException {
        SparkSessions.applySqlDefaults(spark);
        SparkSessions.configureLake(spark, c.lake());
        LakeLocation lake = c.lake().location();
        var layout = lake.layout();
        if (c.source() == Source.FILES) {
            // the file source needs its root to exist before the first file lands
            Path root = new Path(lake.path(layout.rawRealtimeRoot()));
            try {
                root.getFileSystem(spark.sparkContext().hadoopConfiguration()).mkdirs(root);
            } catch (IOException | RuntimeException e) {
                throw c.lake().accessFailure("write to", e);
            }
        }
        String name = c.queryName();
        String checkpoint = lake.path(layout.checkpointPrefix(name));
        refuseLegacyCheckpoints(spark, c, lake, checkpoint);
        Map<String, String> outputRoots = new LinkedHashMap<>();
        for (WindowSize size : c.windows()) {
            outputRoots.put(size.code(), lake.path(layout.processedRealtimeRoot(size)));
        }
        IdempotentBatchWriter writer = new IdempotentBatchWriter(outputRoots, checkpoint + "_staging",
                c.metricsTopic().map(topic -> new WindowMetricsPublisher(c.kafkaBootstrapServers().orElseThrow(),
                        c.kafkaClientOptions(), topic)));
        Dataset<Row> ticks = StreamProgress.observe(TickQuality.flag(ticks(spark, c)))
                .filter(col(RawJson.ISSUE).isNull())
                .withWatermark(Fields.TS, WindowMetricsTransform.interval(c.watermark()));
        StreamingQuery query = WindowMetricsTransform.windowMetrics(ticks, c.windows(), c.slide())
                .writeStream()
                .queryName(name)
                .outputMode("append")
                .option("checkpointLocation", checkpoint)
                .trigger(c.availableNow() ? Trigger.AvailableNow() : Trigger.ProcessingTime(c.trigger().toMillis()))
                .foreachBatch(writer)
                .start();
        try {
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            throw new JobRunner.JobFailure("The window-metrics query failed; it restarts from its checkpoint when the "
                    + "job is run again: " + e.message(), e.cause());
        } finally {
            if (query.isActive()) {
                query.stop();
            }
        }
        return summary(c, writer, StreamProgress.totals(query.recentProgress()), err);
    }

    /**
     * Up to 0.1.0 each window size had its own query and checkpoint ({@code <prefix>[-kafka]-15m}).
     * The one query that replaced them cannot take over their state, and starting it beside their
     * output would write every window a second time. So a lake that holds such a checkpoint and not
     * this query's stops the job with what to do.
     */
    private static void refuseLegacyCheckpoints(SparkSession spark, Config c, LakeLocation lake, String checkpoint)
            throws IOException {
        Path current = new Path(checkpoint);
        FileSystem fs = current.getFileSystem(spark.sparkContext().hadoopConfiguration());
        List<String> legacy = new ArrayList<>();
        try {
            if (fs.exists(current)) {
                return;
            }
            for (WindowSize size : WindowSize.values()) {
                String old = lake.path(lake.layout().checkpointPrefix(c.legacyQueryName(size)));
                if (fs.exists(new Path(old))) {
                    legacy.add(old);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw c.lake().accessFailure("read", e);
        }
        if (!legacy.isEmpty()) {
            throw new JobRunner.JobFailure("The window metrics under " + lake.path(lake.layout().processedRealtimeRoot())
                    + " were written by the per-size queries of an earlier version (checkpoints " + legacy + "). This "
                    + "version computes every size in one query (checkpoint " + checkpoint + ") and would write those "
                    + "windows again. To recompute them from the raw zone, delete processed/realtime/ (window=*/ and "
                    + "_checkpoints/) and run the job again; or keep running the earlier version.");
        }
    }

    private static Dataset<Row> ticks(SparkSession spark, Config c) {
        LakeLocation lake = c.lake().location();
        return c.source() == Source.KAFKA
                ? RawTicks.kafka(spark, c.kafkaBootstrapServers().orElseThrow(), c.kafkaClientOptions(), c.startingOffsets(),
                        c.maxOffsetsPerTrigger())
                : RawTicks.files(spark, lake.path(lake.layout().rawRealtimeRoot()), c.maxFilesPerTrigger());
    }

    private static Map<String, Object> summary(Config c, IdempotentBatchWriter writer, StreamProgress.QueryTotals t,
            PrintStream err) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("source", c.source().name().toLowerCase());
        summary.put("mode", c.availableNow() ? "available-now" : "continuous");
        summary.put("query", c.queryName());
        summary.put("published_to", c.metricsTopic().orElse("none"));
        summary.put("batches", writer.batches());
        Map<String, Object> perWindow = new LinkedHashMap<>();
        for (WindowSize size : c.windows()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("rows_written", writer.rowsWritten(size.code()));
            w.put("rows_published", writer.rowsPublished(size.code()));
            perWindow.put(size.code(), w);
        }
        summary.put("windows", perWindow);
        summary.put("lines_read", t.inputRows());
        summary.put("rows_read", t.inputRows() - t.invalidRows());
        summary.put("invalid_rows", t.invalidRows());
        summary.put("invalid_by_reason", t.invalidByReason());
        summary.put("invalid_examples", t.examples());
        // each tick counts once per window it falls in: this is (tick, window) pairs, over every size
        summary.put("late_window_rows_dropped", t.rowsDroppedByWatermark());
        t.watermark().ifPresent(wm -> summary.put("watermark", wm));
        if (t.invalidRows() > 0) {
            err.println(NAME + ": " + t.invalidRows() + " of " + t.inputRows() + " tick lines could not be used "
                    + "and were not counted in any window: " + t.invalidByReason() + ", examples "
                    + t.examples() + "; check the raw realtime data");
        }
        return summary;
    }

    /** Parses {@code 30s}, {@code 2m}, {@code 1h} (or ISO-8601 {@code PT2M}). */
    static Duration duration(JobArgs args, String option, Duration defaultValue) {
        Optional<String> text = args.option(option);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String t = text.get().trim();
        try {
            Duration d;
            if (t.startsWith("P") || t.startsWith("p")) {
                d = Duration.parse(t);
            } else {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new NumberFormatException();
                };
            }
            if (d.isNegative() || d.toSeconds() < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new JobArgs.UsageException("--" + option + " must be a duration such as 30s, 2m or 1h, got '" + t + "'");
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}

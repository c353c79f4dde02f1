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
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Streaming job: real-time ticks → 15-minute and 1-hour sliding-window metrics under
 * {@code processed/realtime/window=…/date=…/}. One query per window size, each with its own
 * checkpoint under {@code processed/realtime/_checkpoints/<query>/}, appending only windows the
 * watermark has closed — so every window is written once, with its final values.
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

        /** Query (and checkpoint) name; the source is part of it because offsets of one source mean nothing to the other. */
        public String queryName(WindowSize size) {
            return queryPrefix + (source == Source.KAFKA ? "-kafka-" : "-") + size.code();
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

    /** Starts one query per window size; with available-now waits for them and returns the summary. */
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
        Map<WindowSize, IdempotentBatchWriter> writers = new LinkedHashMap<>();
        List<StreamingQuery> queries = new ArrayList<>();
        try {
            for (WindowSize size : c.windows()) {
                String name = c.queryName(size);
                String checkpoint = lake.path(layout.checkpointPrefix(name));
                IdempotentBatchWriter writer = new IdempotentBatchWriter(
                        lake.path(layout.processedRealtimeRoot(size)), checkpoint + "_staging",
                        c.metricsTopic().map(topic -> new WindowMetricsPublisher(c.kafkaBootstrapServers().orElseThrow(),
                                c.kafkaClientOptions(), topic)));
                writers.put(size, writer);
                Dataset<Row> ticks = StreamProgress.observe(TickQuality.flag(ticks(spark, c)))
                        .filter(col(RawJson.ISSUE).isNull())
                        .withWatermark(Fields.TS, WindowMetricsTransform.interval(c.watermark()));
                queries.add(WindowMetricsTransform.windowMetrics(ticks, size, c.slide())
                        .writeStream()
                        .queryName(name)
                        .outputMode("append")
                        .option("checkpointLocation", checkpoint)
                        .trigger(c.availableNow() ? Trigger.AvailableNow() : Trigger.ProcessingTime(c.trigger().toMillis()))
                        .foreachBatch(writer)
                        .start());
            }
            if (c.availableNow()) {
                for (StreamingQuery q : queries) {
                    q.awaitTermination();
                }
            } else {
                spark.streams().awaitAnyTermination();
                for (StreamingQuery q : queries) {
                    if (q.exception().isDefined()) {
                        throw q.exception().get();
                    }
                }
            }
        } catch (StreamingQueryException e) {
            throw new JobRunner.JobFailure("The window-metrics query failed; it restarts from its checkpoint when the "
                    + "job is run again: " + e.message(), e.cause());
        } finally {
            for (StreamingQuery q : queries) {
                if (q.isActive()) {
                    q.stop();
                }
            }
        }
        return summary(c, writers, queries, err);
    }

    private static Dataset<Row> ticks(SparkSession spark, Config c) {
        LakeLocation lake = c.lake().location();
        return c.source() == Source.KAFKA
                ? RawTicks.kafka(spark, c.kafkaBootstrapServers().orElseThrow(), c.kafkaClientOptions(), c.startingOffsets(),
                        c.maxOffsetsPerTrigger())
                : RawTicks.files(spark, lake.path(lake.layout().rawRealtimeRoot()), c.maxFilesPerTrigger());
    }

    private static Map<String, Object> summary(Config c, Map<WindowSize, IdempotentBatchWriter> writers,
            List<StreamingQuery> queries, PrintStream err) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("source", c.source().name().toLowerCase());
        summary.put("mode", c.availableNow() ? "available-now" : "continuous");
        summary.put("published_to", c.metricsTopic().orElse("none"));
        Map<String, Object> perWindow = new LinkedHashMap<>();
        StreamProgress.QueryTotals first = null;
        int i = 0;
        for (var e : writers.entrySet()) {
            String name = c.queryName(e.getKey());
            StreamProgress.QueryTotals t = i < queries.size()
                    ? StreamProgress.totals(queries.get(i++).recentProgress())
                    : StreamProgress.QueryTotals.NONE;
            if (first == null) {
                first = t;
            }
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("query", name);
            w.put("batches", e.getValue().batches());
            w.put("input_rows", t.inputRows());
            w.put("rows_written", e.getValue().rowsWritten());
            w.put("rows_published", e.getValue().rowsPublished());
            w.put("late_rows_dropped", t.rowsDroppedByWatermark());
            t.watermark().ifPresent(wm -> w.put("watermark", wm));
            perWindow.put(e.getKey().code(), w);
        }
        summary.put("windows", perWindow);
        // every query reads the same ticks: the first one's counts stand for the input
        StreamProgress.QueryTotals input = first == null ? StreamProgress.QueryTotals.NONE : first;
        summary.put("lines_read", input.inputRows());
        summary.put("rows_read", input.inputRows() - input.invalidRows());
        summary.put("invalid_rows", input.invalidRows());
        summary.put("invalid_by_reason", input.invalidByReason());
        summary.put("invalid_examples", input.examples());
        if (input.invalidRows() > 0) {
            err.println(NAME + ": " + input.invalidRows() + " of " + input.inputRows() + " tick lines could not be used "
                    + "and were not counted in any window: " + input.invalidByReason() + ", examples "
                    + input.examples() + "; check the raw realtime data");
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

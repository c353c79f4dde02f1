package dev.stockpipe.bench;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.devstack.DevStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code bench/run.sh [--full | --tiny] [--only producer,landing,e2e,dashboard,daily,window,merge] [--out DIR] [--work-dir DIR]}:
 * starts the devstack, runs each benchmark beside its baseline, and writes
 * {@code <out>/latest.md} and {@code <out>/latest.png}. Exit 0 when every selected benchmark
 * produced figures (a missed target is a result, not an error), 1 when one could not run, 2 on a
 * usage error.
 */
public final class BenchMain {

    static final List<String> ALL = List.of("producer", "landing", "e2e", "dashboard", "daily", "window", "merge");
    private static final String WORK_MARKER = ".stockpipe-bench";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Mode mode = Mode.SHORT;
        Set<String> only = new LinkedHashSet<>(ALL);
        Path home = Path.of(System.getProperty("stockpipe.home", "."));
        Path out = null;
        Path work = null;
        DevStack.JvmProfile profile = DevStack.JvmProfile.THROUGHPUT;
        int partitions = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> mode = Mode.FULL;
                case "--tiny" -> mode = Mode.TINY;
                case "--only" -> only = new LinkedHashSet<>(List.of(value(args, ++i).split(",")));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--work-dir" -> work = Path.of(value(args, ++i));
                case "--devstack-profile" -> profile = devstackProfile(value(args, ++i));
                case "--partitions" -> partitions = partitions(value(args, ++i));
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> usageError("unknown option " + args[i]);
            }
        }
        if (!ALL.containsAll(only)) {
            usageError("--only takes a comma-separated subset of " + String.join(",", ALL));
        }
        Repo repo = new Repo(home);
        out = out == null ? repo.home().resolve("bench/results") : out.toAbsolutePath();
        work = work == null ? repo.home().resolve("data/bench") : work.toAbsolutePath();
        System.exit(new BenchMain.Run(mode, only, repo, out, work, profile, partitions, List.of(args)).execute());
    }

    private static int partitions(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usageError("--partitions must be a whole number ≥ 1, got '" + value + "'");
        return 0;
    }

    private static DevStack.JvmProfile devstackProfile(String value) {
        try {
            return DevStack.JvmProfile.valueOf(value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            usageError("--devstack-profile must be throughput or fast-start, got '" + value + "'");
            return null;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usageError(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.out.println("usage: bench/run.sh [--full | --tiny] [--only " + String.join(",", ALL) + "] [--out DIR] [--work-dir DIR] [--devstack-profile throughput|fast-start] [--partitions N]");
    }

    private static void usageError(String message) {
        System.err.println("bench: " + message);
        usage();
        System.exit(2);
    }

    /** One benchmark run: owns the devstack, the services and the work directory. */
    private record Run(Mode mode, Set<String> only, Repo repo, Path out, Path work, DevStack.JvmProfile profile, int partitions,
            List<String> args) {

        int execute() throws IOException {
            Instant started = Instant.now();
            String loadStart = Machine.loadAverage();
            prepareWorkDir();
            List<Row> rows = new ArrayList<>();
            Progress.say("mode %s, work directory %s, devstack JVM profile %s, %d partitions per topic", mode.name().toLowerCase(), work,
                    profile.name().toLowerCase().replace('_', '-'), partitions);
            DevStack stack = DevStack.builder().dataDir(work.resolve("devstack")).partitions(partitions)
                    .topics(Stream.concat(Topics.ALL.stream(), Stream.of(ProducerBench.PERF_TOPIC)).toList())
                    .jvmOptions(profile.options()).build();
            // Ctrl-C or a kill: stop the services and tools this run started too, not only the stack
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ProcessHandle.current().descendants().filter(p -> !p.equals(ProcessHandle.current())).forEach(ProcessHandle::destroy);
                stack.close();
            }));
            try {
                stack.start();
                Progress.say("devstack up: Kafka %s, S3 %s", stack.kafkaBootstrapServers(), stack.s3Endpoint());
                try (Lake lake = new Lake(stack.connectionProperties())) {
                    BenchContext ctx = new BenchContext(mode, repo, stack.connectionProperties(), work, lake);
                    streamingBenchmarks(ctx, rows);
                    batch(rows, "daily", DailyMetricsBench.NAME, "wall s", () -> new DailyMetricsBench(ctx).run());
                    batch(rows, "window", WindowMetricsBench.NAME, "wall s", () -> new WindowMetricsBench(ctx).run());
                    batch(rows, "merge", MergeBench.NAME, "rows/s", () -> new MergeBench(ctx).run());
                    rows.sort(Comparator.comparing(Row::benchmark));
                    Files.createDirectories(out);
                    Chart.write(out.resolve("latest.png"), mode, rows, ctx.dailyScaling, ctx.endToEndSteps);
                }
            } catch (RuntimeException e) {
                rows.add(Row.failed("0 setup", "devstack", e.getMessage()));
                Progress.say("setup failed: %s", e.getMessage());
                Files.createDirectories(out);
                Chart.write(out.resolve("latest.png"), mode, rows, Map.of(), Map.of());
            } finally {
                stack.close();
            }
            Report.write(out.resolve("latest.md"), mode, args, Machine.describe(postgresVersion()), started,
                    Duration.between(started, Instant.now()), loadStart, Machine.loadAverage(), rows, "latest.png");
            Progress.say("results: %s and %s", out.resolve("latest.md"), out.resolve("latest.png"));
            long notRun = rows.stream().filter(r -> r.error() != null).count();
            if (notRun > 0) {
                Progress.say("%d benchmark(s) could not run; see the results file", notRun);
                return 1;
            }
            return 0;
        }

        /** Benchmarks 1, 2, 5 and 7 share one ingest service; 2 leaves its lake-writer running for 5. */
        private void streamingBenchmarks(BenchContext ctx, List<Row> rows) {
            if (!(only.contains("producer") || only.contains("landing") || only.contains("e2e") || only.contains("dashboard"))) {
                return;
            }
            Service ingest = null;
            Service writer = null;
            try {
                Progress.say("starting the ingest service");
                ingest = Service.start(repo, "ingest", "ingest", ctx.env(Map.of("INGEST_SIMULATOR_BACKPRESSURE", "slow-down",
                        "INGEST_SIMULATOR_TIME_SCALE", "1",
                        "INGEST_SIMULATOR_SESSION", "round-the-clock")), ctx.logDir);
                Service in = ingest;
                batch(rows, "producer", ProducerBench.NAME, "records/s", () -> new ProducerBench(ctx, in).run());
                LandingBench landing = new LandingBench(ctx, in);
                batch(rows, "landing", LandingBench.NAME, "records/s", landing::run);
                writer = landing.writer();
                if (only.contains("e2e")) {
                    if (writer == null) {
                        writer = Service.start(repo, "lake-writer", "lake-writer-e2e", ctx.env(LandingBench.writerEnv("bench-e2e")), ctx.logDir);
                    }
                    Service w = writer;
                    batch(rows, "e2e", EndToEndBench.NAME, "ticks/s", () -> new EndToEndBench(ctx, in, w).run());
                }
                if (writer != null) {
                    // the dashboard is measured alone with the simulator, as a viewer beside it would run
                    writer.close();
                    writer = null;
                }
                batch(rows, "dashboard", DashboardBench.NAME, "ticks/s", () -> new DashboardBench(ctx, in).run());
            } catch (RuntimeException e) {
                rows.add(Row.failed("1 simulator → Kafka", "services", e.getMessage()));
            } finally {
                if (writer != null) {
                    writer.close();
                }
                if (ingest != null) {
                    ingest.close();
                }
            }
        }

        private void batch(List<Row> rows, String key, String name, String metric, Callable<List<Row>> bench) {
            if (!only.contains(key)) {
                return;
            }
            Progress.say("benchmark %s", name);
            long t0 = System.nanoTime();
            try {
                rows.addAll(bench.call());
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                Progress.say("%s could not run: %s", name, message);
                rows.add(Row.failed(name, metric, message));
            }
            Progress.say("%s took %d s", name, (System.nanoTime() - t0) / 1_000_000_000L);
        }

        /** Starts from an empty work directory, deleting only one that a previous benchmark run made. */
        private void prepareWorkDir() throws IOException {
            if (Files.exists(work)) {
                if (!Files.exists(work.resolve(WORK_MARKER))) {
                    throw new BenchFailure(work + " exists and was not made by the benchmark: pass another --work-dir or remove it");
                }
                try (Stream<Path> all = Files.walk(work)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(work);
            Files.createFile(work.resolve(WORK_MARKER));
        }

        private String postgresVersion() {
            try {
                Proc.Finished f = Proc.run("postgres-version", MergeBench.Pg.fromEnv().psql("-tAc", "SHOW server_version"),
                        Map.of("PGPASSWORD", MergeBench.Pg.fromEnv().password()), work.resolve("logs"), Duration.ofSeconds(20));
                return f.exitCode() == 0 ? f.lastLine() : "unreachable";
            } catch (RuntimeException e) {
                return "unreachable";
            }
        }
    }
}

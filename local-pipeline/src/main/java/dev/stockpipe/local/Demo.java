package dev.stockpipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.ExchangeCalendar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RunManifest;
import dev.stockpipe.devstack.DevStack;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The whole pipeline on this machine: devstack (real Kafka + S3), lake-writer, ingest, the
 * dashboard, a backfill awaited through its run manifest, the daily Spark job, the loader into DuckDB, the tick
 * simulator, the window job in available-now mode and the realtime load — then a report.
 * Every process it starts is stopped when it ends, fails or is interrupted.
 */
final class Demo implements AutoCloseable {

    static final int STEPS = 12;

    private final DemoOptions options;
    private final PrintStream out;
    private final Progress progress;
    private final Services services;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final CompletableFuture<String> dashboard = new CompletableFuture<>();
    private DevStack stack;
    private Map<String, String> env;
    private String ingestUrl;

    Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.progress = new Progress(out, STEPS);
        this.services = new Services(options.home(), options.logDir());
    }

    /** Runs every step and returns what was produced; throws {@link PipelineFailure} naming the failed step. */
    DemoResult run() {
        try {
            return runSteps();
        } catch (RuntimeException e) {
            dashboard.completeExceptionally(e);
            throw e;
        }
    }

    private DemoResult runSteps() {
        prepareDataDir();

        progress.step("starting devstack: Apache Kafka (KRaft) and S3Proxy as child processes");
        stack = DevStack.builder().dataDir(options.dataDir().resolve("devstack")).build().start();
        env = new HashMap<>(stack.connectionProperties());
        stack.writeEnvFile(options.dataDir().resolve("devstack.env"));
        progress.info("Kafka %s, S3 %s, bucket %s", stack.kafkaBootstrapServers(), stack.s3Endpoint(), stack.bucket());

        progress.step("starting lake-writer (Kafka -> S3 raw zone)");
        Map<String, String> writerEnv = new HashMap<>(env);
        writerEnv.put("LAKE_ROTATION_MAX_AGE", "3s");
        int writerPort = Services.freePort();
        processes.add(services.startQuarkus("lake-writer", writerPort, writerEnv, Duration.ofMinutes(3)));
        progress.info("lake-writer ready on http://127.0.0.1:%d", writerPort);

        progress.step("starting ingest service (REST control + tick simulator)");
        Map<String, String> ingestEnv = new HashMap<>(env);
        ingestEnv.put("INGEST_SIMULATOR_BACKPRESSURE", "slow-down");
        // the simulator ticks the demo's symbols, so backfill, ticks, windows and the dashboard show the same ones
        ingestEnv.put("INGEST_SYMBOLS", String.join(",", options.symbols()));
        ingestEnv.put("INGEST_SIMULATOR_TIME_SCALE", Double.toString(options.timeScale()));
        Duration eventSpan = Duration.ofMillis((long) (options.tickDuration().toMillis() * options.timeScale()));
        ingestEnv.put("INGEST_SIMULATOR_EVENT_TIME_OFFSET", eventSpan.negated().toString());
        int ingestPort = Services.freePort();
        processes.add(services.startQuarkus("ingest", ingestPort, ingestEnv, Duration.ofMinutes(3)));
        progress.info("ingest ready on http://127.0.0.1:%d", ingestPort);
        ingestUrl = "http://127.0.0.1:" + ingestPort;

        progress.step("starting the dashboard (live prices, 15m/1h window metrics, pipeline health)");
        Map<String, String> dashboardEnv = new HashMap<>(env);
        dashboardEnv.put("DASHBOARD_SYMBOLS", String.join(",", options.symbols()));
        dashboardEnv.put("DASHBOARD_SERVICES", "ingest=http://127.0.0.1:" + ingestPort + ",lake-writer=http://127.0.0.1:" + writerPort);
        int dashboardPort = dashboardPort();
        processes.add(services.startQuarkus("dashboard", dashboardPort, dashboardEnv, Duration.ofMinutes(3)));
        String dashboardUrl = "http://127.0.0.1:" + dashboardPort + "/";
        progress.info("dashboard: open %s", dashboardUrl);
        dashboard.complete(dashboardUrl);

        List<LocalDate> days = ExchangeCalendar.nyse().lastTradingDays(
                LocalDate.now(ExchangeCalendar.ZONE).minusDays(1), options.days());
        LocalDate from = days.get(0);
        LocalDate to = days.get(days.size() - 1);
        String runId = "demo-" + Instant.now().getEpochSecond();
        List<String> range = List.of("--from", from.toString(), "--to", to.toString(), "--run-id", runId);

        progress.step("backfill: " + options.source() + " daily bars " + from + " .. " + to + " for " + String.join(",", options.symbols()));
        List<String> ingestArgs = new ArrayList<>(List.of("historical", "--source", options.source(), "--interval", "1d",
                "--symbols", String.join(",", options.symbols())));
        ingestArgs.addAll(range);
        Services.JobRun backfill = services.job("ingest:historical", ingestArgs, env, Duration.ofMinutes(10));
        long barsSent = backfill.count("bars_sent");
        progress.info("%d bars sent, end-of-run markers on every partition", barsSent);

        progress.step("waiting for the lake-writer's run manifest (every partition's marker landed)");
        RunManifest manifest;
        try (LakeReader lake = new LakeReader(env)) {
            manifest = lake.awaitManifest(runId, Duration.ofMinutes(3));
        }
        if (manifest.recordsLanded() != barsSent) {
            throw new PipelineFailure("manifest of run " + runId + " lists " + manifest.recordsLanded() + " records landed, ingest sent "
                    + barsSent + ": data was lost or duplicated");
        }
        progress.info("manifest: %d records in %d objects", manifest.recordsLanded(), manifest.objects().size());

        progress.step("Spark DailyMetricsJob (local[*]) over the raw zone");
        Services.JobRun daily = services.job("spark-job:daily-metrics", concat(List.of("daily-metrics"), range), env, Duration.ofMinutes(10));
        progress.info("%d daily rows written", daily.count("rows_written"));

        progress.step("loading daily metrics into DuckDB (stage + MERGE)");
        List<String> warehouse = List.of("--warehouse", "duckdb", "--duckdb-file", options.warehouseFile().toString());
        Services.JobRun load = services.job("loader:load", concat(concat(List.of("load"), range), warehouse), env, Duration.ofMinutes(5));
        progress.info("%d rows read, %d inserted, %d updated", load.count("rows_read"), load.count("inserted"), load.count("updated"));

        progress.step("tick simulator: " + options.tickRate() + " ticks/s for " + options.tickDuration().toSeconds() + " s (event time x"
                + (long) options.timeScale() + ")");
        long ticks = simulate(ingestPort);
        progress.info("%d ticks sent to stock.realtime", ticks);

        progress.step("waiting until every tick has landed in the raw zone");
        Instant firstTickDay = awaitTicksLanded(ticks);

        progress.step("Spark WindowMetricsStream --available-now (15m and 1h sliding windows)");
        Services.JobRun window = services.job("spark-job:window-metrics",
                List.of("window-metrics", "--available-now", "--run-id", runId), env, Duration.ofMinutes(10));
        progress.info("window job: %s", window.summary().get("windows"));

        progress.step("loading window metrics into DuckDB");
        LocalDate firstUtc = firstTickDay.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate lastUtc = LocalDate.now(ZoneOffset.UTC);
        List<String> realtimeRange = List.of("--from", firstUtc.toString(), "--to", lastUtc.toString(), "--run-id", runId);
        Services.JobRun loadRealtime = services.job("loader:load-realtime",
                concat(concat(List.of("load-realtime"), realtimeRange), warehouse), env, Duration.ofMinutes(5));
        progress.info("%d window rows read, %d inserted", loadRealtime.count("rows_read"), loadRealtime.count("inserted"));

        return new DemoResult(runId, from, to, barsSent, ticks, options.warehouseFile(), stack.s3Endpoint(), stack.bucket(),
                "http://127.0.0.1:" + ingestPort, "http://127.0.0.1:" + writerPort, dashboardUrl, Map.copyOf(env),
                window.summary());
    }

    /**
     * The dashboard's URL once it is ready, for whoever watches the run (the browser test); fails
     * with the run when the run fails before.
     */
    CompletableFuture<String> dashboardUrl() {
        return dashboard;
    }

    /** The chosen port, or a free one when it is 0 or (for the default) already taken. */
    private int dashboardPort() {
        int wanted = options.dashboardPort();
        if (wanted == 0) {
            return Services.freePort();
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket(wanted, 1, java.net.InetAddress.getLoopbackAddress())) {
            return wanted;
        } catch (IOException e) {
            if (wanted != DemoOptions.DEFAULT_DASHBOARD_PORT) {
                throw new PipelineFailure("--dashboard-port " + wanted + " is taken on 127.0.0.1; choose another or 0 for any free port");
            }
            int free = Services.freePort();
            progress.info("port %d is taken; the dashboard uses %d instead", wanted, free);
            return free;
        }
    }

    private long simulate(int ingestPort) {
        URI base = URI.create("http://127.0.0.1:" + ingestPort + "/simulator");
        Services.post(URI.create(base + "/start?rate=" + options.tickRate()))
                .filter(r -> r.statusCode() / 100 == 2)
                .orElseThrow(() -> new PipelineFailure("the ingest service refused to start the simulator at " + base));
        long end = System.nanoTime() + options.tickDuration().toNanos();
        while (System.nanoTime() < end) {
            sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            simulatorStatus(base).ifPresent(s -> progress.info("%d ticks generated", s.get("ticks_generated").asLong()));
        }
        Services.post(URI.create(base + "/stop")).filter(r -> r.statusCode() / 100 == 2)
                .orElseThrow(() -> new PipelineFailure("the ingest service did not stop the simulator at " + base));
        // every tick answered by Kafka: sent + failed + dropped = generated from then on
        JsonNode status = LakeReader.poll(Duration.ofMinutes(1),
                () -> simulatorStatus(base).filter(s -> s.get("ticks_in_flight").asLong() == 0),
                () -> "ticks were still in flight to Kafka a minute after the simulator stopped");
        if (status.get("ticks_failed").asLong() > 0) {
            throw new PipelineFailure(status.get("ticks_failed").asLong() + " ticks were refused by Kafka; see the ingest log");
        }
        return status.get("ticks_sent").asLong();
    }

    private static Optional<JsonNode> simulatorStatus(URI base) {
        return Services.get(base).filter(r -> r.statusCode() == 200)
                .map(r -> JsonCodec.readTree(r.body().getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits until the raw realtime zone holds {@code expected} ticks; returns the earliest tick time. */
    private Instant awaitTicksLanded(long expected) {
        try (LakeReader lake = new LakeReader(env)) {
            long[] seen = {0};
            return LakeReader.poll(Duration.ofMinutes(2), () -> {
                List<byte[]> lines = lake.rawLines(LakeLayout.DEFAULT.rawRealtimeRoot());
                seen[0] = lines.size();
                if (lines.size() < expected) {
                    return Optional.empty();
                }
                if (lines.size() > expected) {
                    throw new PipelineFailure("the raw zone holds " + lines.size() + " ticks but only " + expected + " were sent: duplicates");
                }
                return lines.stream().map(l -> JsonCodec.readTree(l).get("ts").asText()).map(JsonCodec::parseInstant)
                        .min(Instant::compareTo);
            }, () -> "only " + seen[0] + " of " + expected + " ticks landed in the raw zone within 2 minutes");
        }
    }

    private void prepareDataDir() {
        Path dir = options.dataDir();
        Path marker = dir.resolve(".stockpipe-demo");
        try {
            if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
                if (!Files.exists(marker)) {
                    throw new PipelineFailure(dir + " exists and was not made by this demo; choose another --data-dir");
                }
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
            Files.writeString(marker, "created by ./pipeline demo; deleted and rebuilt by the next run\n");
        } catch (IOException e) {
            throw new PipelineFailure("Cannot prepare the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * With {@code --keep-running}: the simulator starts again at the demo's rate, so the dashboard
     * stays live instead of showing the run's end as stale.
     */
    void keepTicking() {
        URI start = URI.create(ingestUrl + "/simulator/start?rate=" + options.tickRate());
        boolean started = Services.post(start).filter(r -> r.statusCode() / 100 == 2).isPresent();
        out.println(started
                ? "The tick simulator keeps running at " + options.tickRate() + " ticks/s (POST " + ingestUrl + "/simulator/stop stops it)."
                : "Could not restart the tick simulator at " + start + "; the dashboard shows the run's last ticks as stale.");
    }

    /** Blocks until interrupted (Ctrl-C), leaving the services up. */
    void awaitInterrupt() {
        out.println("Services keep running; press Ctrl-C to stop them.");
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public synchronized void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(Duration.ofSeconds(30));
        }
        processes.clear();
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /** What a finished run produced and where it is. */
    record DemoResult(String runId, LocalDate from, LocalDate to, long barsSent, long ticksSent, Path warehouseFile,
            String s3Endpoint, String bucket, String ingestUrl, String lakeWriterUrl, String dashboardUrl,
            Map<String, String> env, JsonNode windowSummary) {
    }
}

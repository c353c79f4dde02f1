package dev.stockpipe.bench;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark 2: Kafka → lake. Throughput: a fresh lake-writer (new consumer group) drains the
 * whole {@code stock.realtime} backlog left by benchmark 1 into S3, beside
 * {@code kafka-consumer-perf-test} reading the same topic from the same broker. Latency: with the
 * last lake-writer caught up, the simulator runs at a moderate rate while the raw zone is listed
 * every 200 ms; a tick's latency is (first listing that shows its object) − (its event time).
 */
final class LandingBench {

    static final String NAME = "2 Kafka → lake";
    /** Rotation age of the benchmark's lake-writer: bounds latency (target p99 ≤ age + 2 s) and the drain's tail. */
    static final Duration ROTATION_AGE = Duration.ofSeconds(2);
    private static final String CONSUMED = "kafka_consumer_fetch_manager_records_consumed_total";
    private static final String LANDED = "lake_records_landed_total";
    private static final String OBJECTS = "lake_objects_written_total";

    private final BenchContext ctx;
    private final Service ingest;
    /** The lake-writer left running for the latency rounds and benchmark 5. */
    private Service writer;

    LandingBench(BenchContext ctx, Service ingest) {
        this.ctx = ctx;
        this.ingest = ingest;
    }

    Service writer() {
        return writer;
    }

    static Map<String, String> writerEnv(String group) {
        return Map.of("LAKE_CONSUMER_GROUP", group, "LAKE_ROTATION_MAX_AGE", ROTATION_AGE.toSeconds() + "s",
                "LAKE_ROTATION_CHECK_INTERVAL", "200ms");
    }

    List<Row> run() {
        double backlog = settledSentCount();
        if (backlog < 1_000) {
            throw new BenchFailure("stock.realtime holds only " + (long) backlog + " ticks: run benchmark 1 (producer) first");
        }
        List<Double> ours = new ArrayList<>();
        List<Double> ourObjects = new ArrayList<>();
        List<Double> copier = new ArrayList<>();
        List<Double> copierObjects = new ArrayList<>();
        List<Double> ourCpu = new ArrayList<>();
        List<Double> copierCpu = new ArrayList<>();
        List<Double> perf = new ArrayList<>();
        List<Double> perfAll = new ArrayList<>();
        for (int i = 0; i < ctx.mode.runs; i++) {
            KafkaTools.Consumed c = ctx.kafkaTools.consume("consumer-perf-" + (i + 1), Topics.REALTIME, (long) backlog,
                    "bench-consumer-perf-" + System.nanoTime());
            perf.add(c.fetchMessagesPerSecond());
            perfAll.add(c.messagesPerSecond());
            Progress.say("  kafka-consumer-perf-test run %d: %,.0f records/s after the group join (%,.0f incl. join)", i + 1,
                    c.fetchMessagesPerSecond(), c.messagesPerSecond());
            Copied copied = copy(i + 1, (long) backlog);
            copier.add(copied.recordsPerSecond());
            copierObjects.add((double) copied.objects());
            copierCpu.add(copied.cpuMicrosPerRecord());
            Progress.say("  bare copier run %d: %,.0f records/s landed in %,d objects, %.2f µs CPU per record", i + 1,
                    copied.recordsPerSecond(), copied.objects(), copied.cpuMicrosPerRecord());
            if (writer != null) {
                writer.close();
            }
            Copied drained = drain(i + 1, backlog);
            ours.add(drained.recordsPerSecond());
            ourObjects.add((double) drained.objects());
            ourCpu.add(drained.cpuMicrosPerRecord());
            Progress.say("  lake-writer run %d: %,.0f records/s landed in %,d objects, %.2f µs CPU per record", i + 1,
                    drained.recordsPerSecond(), drained.objects(), drained.cpuMicrosPerRecord());
        }
        ctx.landingMax = Stats.median(ours);
        double ratio = Stats.median(ours) / Stats.median(copier);
        double objectRatio = Stats.median(ourObjects) / Stats.median(copierObjects);
        boolean sameObjects = Math.abs(objectRatio - 1) <= 0.10;
        String backlogNote = String.format("backlog %,d ticks per run; fresh consumer group per run", (long) backlog);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(NAME, "records/s", "lake-writer (consume + parse/validate + gzip + S3 PUT + commit)", ours,
                "bare copier (same consumer settings, gzip level, S3 client, rotation; commit after PUT; no parsing)", copier,
                "lake-writer / copier", ratio, "≥ 0.7 with the same number of objects (±10 %)", ratio >= 0.7 && sameObjects,
                String.format("%s; objects per run (median): lake-writer %,.0f, copier %,.0f (ratio %.2f%s)", backlogNote,
                        Stats.median(ourObjects), Stats.median(copierObjects), objectRatio, sameObjects ? "" : ", outside ±10 %"),
                null));
        double perfRatio = Stats.median(ours) / Stats.median(perf);
        rows.add(new Row(NAME, "records/s vs fetch only", "lake-writer", ours,
                "kafka-consumer-perf-test (fetch rate, group join excluded)", perf, "lake-writer / perf-test", perfRatio, "information",
                null, String.format("%s; perf test incl. group join: %,.0f records/s; it only fetches bytes, so no lander can reach it",
                        backlogNote, Stats.median(perfAll)), null));
        rows.add(new Row(NAME, "CPU µs per record (own process)", "lake-writer", ourCpu, "bare copier", copierCpu,
                "lake-writer / copier", Stats.median(ourCpu) / Stats.median(copierCpu), "information", null,
                "user + system CPU of each side's JVM over its drain (the broker and S3Proxy are not counted): what each landed"
                        + " record costs the lander itself", null));
        rows.addAll(latency());
        return rows;
    }

    /** Records/s landed and objects written by one drain of the backlog. */
    record Copied(double recordsPerSecond, long objects, double cpuMicrosPerRecord) {
    }

    /** The bare copier ({@link BareCopierMain}) over the same backlog, with a new consumer group, in its own JVM. */
    private Copied copy(int run, long backlog) {
        List<String> cmd = ctx.repo.benchHelper(BareCopierMain.class.getName());
        cmd.addAll(List.of(ctx.stackEnv.get(dev.stockpipe.contracts.RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS), Topics.REALTIME,
                "bench-copier-" + System.nanoTime(), Long.toString(backlog), "bench-copier/run-" + run + "/"));
        Proc.Finished f = Proc.run("bare-copier-" + run, cmd, ctx.stackEnv, ctx.logDir, Duration.ofMinutes(10)).requireSuccess();
        String[] out = f.lastLine().split(" ");
        long records = Long.parseLong(out[0]);
        return new Copied(records / Double.parseDouble(out[2]), Long.parseLong(out[1]), Double.parseDouble(out[3]) * 1e6 / records);
    }

    /** The ingest counter once it stops moving (in-flight sends acknowledged). */
    private double settledSentCount() {
        double[] last = {-1};
        Http.await(Duration.ofSeconds(30), 500, () -> {
            double now = ingest.metric("ingest_ticks_sent_total");
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        }, () -> "ingest_ticks_sent_total kept moving after the simulator stopped");
        return last[0];
    }

    /**
     * Starts a lake-writer with a new consumer group and measures records landed per second,
     * from the first consumed record to the moment every record of the backlog is in S3.
     */
    private Copied drain(int run, double backlog) {
        long started = System.nanoTime();
        Service w = Service.launch(ctx.repo, "lake-writer", "lake-writer-" + run, ctx.env(writerEnv("bench-lake-writer-" + started)),
                ctx.logDir);
        writer = w;
        double consumedAtStart = -1;
        double cpuAtStart = Double.NaN;
        long t0 = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            String metrics = w.metricsOrNull();
            long now = System.nanoTime();
            if (metrics != null) {
                double consumed = Http.metric(metrics, CONSUMED);
                double landed = Http.metric(metrics, LANDED);
                if (consumedAtStart < 0) {
                    consumedAtStart = consumed;
                    cpuAtStart = w.cpuSeconds();
                    t0 = now;
                }
                if (landed >= backlog) {
                    writeQuietly(ctx.logDir.resolve("lake-writer-" + run + ".metrics"), metrics);
                    if (consumedAtStart >= backlog) {
                        // everything was consumed before the HTTP server answered (tiny backlog): count from process start
                        consumedAtStart = 0;
                        cpuAtStart = 0;
                        t0 = started;
                    }
                    double cpuPerRecord = (w.cpuSeconds() - cpuAtStart) * 1e6 / (backlog - consumedAtStart);
                    return new Copied((backlog - consumedAtStart) / ((now - t0) / 1e9), (long) Http.metric(metrics, OBJECTS), cpuPerRecord);
                }
            }
            if (now > deadline) {
                throw new BenchFailure("the lake-writer did not land all " + (long) backlog + " ticks within 10 min; see "
                        + ctx.logDir.resolve("lake-writer-" + run + ".log"));
            }
            Http.pause(100);
        }
    }

    /**
     * A listed object's lines. S3Proxy's filesystem store can list a key a moment before it
     * serves it (and a rename in flight can 404), so a missing key is retried; one that stays
     * missing is left out of the latency sample rather than failing the benchmark.
     */
    private List<String> readListed(String key) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return ctx.lake.gzLines(key);
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                Http.pause(200);
            }
        }
        Progress.say("  %s was listed but could not be read: left out of the latency sample", key);
        return List.of();
    }

    private static void writeQuietly(java.nio.file.Path file, String text) {
        try {
            java.nio.file.Files.writeString(file, text);
        } catch (java.io.IOException ignored) {
            // diagnostics only
        }
    }

    private List<Row> latency() {
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        long ticks = 0;
        for (int i = 0; i < ctx.mode.runs; i++) {
            double[] latencies = latencyRound();
            java.util.Arrays.sort(latencies);
            p50s.add(Stats.percentileOfSorted(latencies, 50));
            p99s.add(Stats.percentileOfSorted(latencies, 99));
            ticks += latencies.length;
            Progress.say("  latency round %d: p50 %.2f s, p99 %.2f s over %,d ticks", i + 1, p50s.get(i), p99s.get(i), latencies.length);
        }
        double limit = ROTATION_AGE.toSeconds() + 2.0;
        String note = String.format("%,d ticks/s for %d s per round, %,d ticks in all; rotation age %d s; S3 listed every 200 ms",
                ctx.mode.latencyRate, ctx.mode.latencyRound.toSeconds(), ticks, ROTATION_AGE.toSeconds());
        return List.of(
                new Row(NAME, "event time → visible, p50 (s)", "lake-writer", p50s, "", List.of(), "", null, "—", null, note, null),
                new Row(NAME, "event time → visible, p99 (s)", "lake-writer", p99s, "", List.of(), "", null,
                        "≤ rotation age + 2 s = " + (long) limit + " s", Stats.median(p99s) <= limit, note, null));
    }

    /** One round: simulator on for a while, every new raw object's ticks timed against its first sighting. */
    private double[] latencyRound() {
        String root = LakeLayout.DEFAULT.rawRealtimeRoot();
        Set<String> before = new HashSet<>(ctx.lake.keys(root));
        Map<String, Long> firstSeen = new HashMap<>();
        double sentBefore = settledSentCount();
        double landedBefore = writer.metric(LANDED);
        Http.post(ingest.url("/simulator/start?rate=" + ctx.mode.latencyRate));
        long stopAt = System.nanoTime() + ctx.mode.latencyRound.toNanos();
        boolean running = true;
        try {
            long deadline = stopAt + Duration.ofSeconds(60).toNanos();
            while (true) {
                for (String key : ctx.lake.keys(root)) {
                    if (!before.contains(key)) {
                        firstSeen.putIfAbsent(key, System.currentTimeMillis());
                    }
                }
                if (running && System.nanoTime() > stopAt) {
                    Http.post(ingest.url("/simulator/stop"));
                    running = false;
                }
                if (!running) {
                    double sent = settledSentCount() - sentBefore;
                    if (writer.metric(LANDED) - landedBefore >= sent) {
                        // one more listing after the last landing, so every object has been seen
                        for (String key : ctx.lake.keys(root)) {
                            if (!before.contains(key)) {
                                firstSeen.putIfAbsent(key, System.currentTimeMillis());
                            }
                        }
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure("the ticks of a latency round did not all land within 60 s after the simulator stopped");
                }
                Http.pause(200);
            }
        } finally {
            if (running) {
                Http.post(ingest.url("/simulator/stop"));
            }
        }
        List<Double> latencies = new ArrayList<>();
        for (Map.Entry<String, Long> e : firstSeen.entrySet()) {
            List<String> lines = readListed(e.getKey());
            for (String line : lines) {
                Instant ts = JsonCodec.parseInstant(JsonCodec.readTree(line.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .get(Fields.TS).asText());
                latencies.add((e.getValue() - ts.toEpochMilli()) / 1000.0);
            }
        }
        if (latencies.isEmpty()) {
            throw new BenchFailure("no new raw objects appeared during a latency round");
        }
        return latencies.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

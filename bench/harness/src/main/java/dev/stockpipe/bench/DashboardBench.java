package dev.stockpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 7: does the dashboard follow the simulator at its full rate? The simulator runs at the
 * rate it reached alone (benchmark 1) while the dashboard consumes {@code stock.realtime} and one
 * browser stream ({@code /api/stream}) is open. Over the hold (after a warm-up), the dashboard keeps up
 * when the least-squares slope of its own lag (from its health block, {@code dashboard_lag}) is at most
 * 1 % of the send rate per second — benchmark 5's rule. When it falls behind, two more probes bisect
 * below the full rate for the highest rate it follows. The stream's messages/s and bytes/s are
 * compared with the bound the service publishes ({@code /api/bound}): at most 4 messages/s, each at
 * most the largest delta for the symbols it knows.
 */
final class DashboardBench {

    static final String NAME = "7 dashboard";
    /** Probes: the full rate, then bisection below it when the dashboard fell behind. */
    private static final int PROBES = 3;
    private static final Duration MAX_HOLD = Duration.ofMinutes(2);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final BenchContext ctx;
    private final Service ingest;

    DashboardBench(BenchContext ctx, Service ingest) {
        this.ctx = ctx;
        this.ingest = ingest;
    }

    /** What one probe saw over its hold. */
    private record Probe(double target, double sentRate, double lagStart, double lagEnd, double slope, boolean keptUp,
            long messages, long bytes, double streamSeconds, double cpuMicrosPerTick) {

        double messagesPerSecond() {
            return messages / streamSeconds;
        }

        double bytesPerSecond() {
            return bytes / streamSeconds;
        }

        /**
         * Within the bound: a window of T seconds can hold one message more than T × the rate (a message at
         * each end), so one message and its largest size are allowed on top.
         */
        boolean withinBound(double maxMessagesPerSecond, double maxDeltaBytes) {
            return messages - 1 <= maxMessagesPerSecond * streamSeconds
                    && bytes - maxDeltaBytes <= maxMessagesPerSecond * maxDeltaBytes * streamSeconds;
        }
    }

    List<Row> run() {
        if (ctx.simulatorMax <= 0) {
            throw new BenchFailure("benchmark 7 runs the simulator at its full rate from benchmark 1: select it too (--only producer,dashboard)");
        }
        // the daily table reads the processed zone, which the streaming benchmarks do not write
        try (Service dashboard = Service.start(ctx.repo, "dashboard", "dashboard",
                ctx.env(Map.of("DASHBOARD_DAILY_ENABLED", "false")), ctx.logDir);
                StreamCounter stream = StreamCounter.open(dashboard.url("/api/stream"))) {
            double full = ctx.simulatorMax;
            // the question first: does it follow the simulator's full rate? If not, bisection below it
            // finds the highest rate it follows (lag slope rule of benchmark 5)
            List<Probe> probes = new ArrayList<>();
            Probe first = probe(dashboard, stream, full);
            probes.add(first);
            double lo = first.keptUp() ? full : 0;
            double hi = full;
            for (int i = 1; i < PROBES && !first.keptUp(); i++) {
                double target = Math.max(100, Math.round((lo + hi) / 2 / 100.0) * 100.0);
                Probe p = probe(dashboard, stream, target);
                probes.add(p);
                if (p.keptUp()) {
                    lo = target;
                } else {
                    hi = target;
                }
            }
            JsonNode bound = JsonCodec.readTree(Http.get(dashboard.url("/api/bound")).getBytes(StandardCharsets.UTF_8));
            double boundMessages = bound.get("max_messages_per_second").asDouble();
            double boundBytesPerSecond = boundMessages * bound.get("max_delta_bytes").asDouble();
            double maxDelta = bound.get("max_delta_bytes").asDouble();
            boolean withinBound = probes.stream().allMatch(p -> p.withinBound(boundMessages, maxDelta));
            List<String> notes = probes.stream().map(p -> String.format("%,.0f/s → sent %,.0f/s, dashboard lag %,.0f → %,.0f, slope %+,.0f/s"
                    + " (%+.2f %%), %.2f µs CPU per tick: %s", p.target(), p.sentRate(), p.lagStart(), p.lagEnd(), p.slope(),
                    100 * p.slope() / p.sentRate(), p.cpuMicrosPerTick(), p.keptUp() ? "followed" : "fell behind")).toList();
            String consumerNote = String.format("the simulator started at its full rate from benchmark 1 (%,.0f/s), then by bisection"
                    + " below it; followed = the slope of the dashboard's own lag ≤ %.0f %% of the send rate per second over a %d s hold"
                    + " after a %d s warm-up (no lake-writer running); probes: %s", full, 100 * EndToEndBench.MAX_LAG_SLOPE,
                    hold().toSeconds(), ctx.mode.endToEndWarmup.toSeconds(), String.join("; ", notes));
            Probe atFull = probes.get(0);
            // what the simulator actually sent while the dashboard followed: sharing the 2 cores, it sends less than alone
            double followed = probes.stream().filter(Probe::keptUp).mapToDouble(Probe::sentRate).max().orElse(0);
            String pageNote = String.format("one /api/stream connection, at the full rate: %.2f messages/s, %,.0f bytes/s (all probes within"
                    + " the bound: %s); bound from /api/bound: %.0f messages/s × %,d bytes (largest delta for %d symbols) = %,.0f bytes/s;"
                    + " the tick rate does not enter it", atFull.messagesPerSecond(), atFull.bytesPerSecond(), withinBound ? "yes" : "no",
                    boundMessages, bound.get("max_delta_bytes").asLong(), bound.get("symbols").asInt(), boundBytesPerSecond);
            Progress.say("  dashboard page: %s", pageNote);
            return List.of(
                    new Row(NAME + " consumer", "ticks/s followed", "sent while the dashboard followed", List.of(followed),
                            "simulator alone (benchmark 1)", List.of(full), "followed / simulator alone", followed / full,
                            "lag flat with the simulator started at its full rate", first.keptUp(), consumerNote, null),
                    new Row(NAME + " page", "bytes/s to one browser", "/api/stream at the full rate", List.of(atFull.bytesPerSecond()),
                            "bound (/api/bound)", List.of(boundBytesPerSecond), "page / bound", atFull.bytesPerSecond() / boundBytesPerSecond,
                            "≤ 1 (and ≤ 4 messages/s)", withinBound, pageNote, null));
        }
    }

    /** Benchmark 5's hold, but at most two minutes: each probe of the full mode would otherwise take five. */
    private Duration hold() {
        return ctx.mode.endToEndHold.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : ctx.mode.endToEndHold;
    }

    private Probe probe(Service dashboard, StreamCounter stream, double target) {
        Http.post(ingest.url("/simulator/start?rate=" + (long) target));
        List<double[]> samples = new ArrayList<>(); // [seconds since hold start, sent, sent - dashboard lag]
        long[] streamAtHold = null;
        long streamFrom = 0;
        double cpuAtHold = 0;
        try {
            // the hold starts once the dashboard reports its lag: it has partitions and a lag round behind it
            Http.await(Duration.ofSeconds(90), 500, () -> dashboardLag(dashboard) != null,
                    () -> "the dashboard reported no lag within 90 s of the simulator's start; see " + ctx.logDir.resolve("dashboard.log"));
            long holdFrom = System.nanoTime() + ctx.mode.endToEndWarmup.toNanos();
            long end = holdFrom + hold().toNanos();
            while (true) {
                double sent = ingest.metric("ingest_ticks_sent_total");
                Double lag = dashboardLag(dashboard);
                long now = System.nanoTime();
                if (now >= holdFrom) {
                    if (streamAtHold == null) {
                        streamAtHold = stream.snapshot();
                        streamFrom = System.nanoTime();
                        cpuAtHold = dashboard.cpuSeconds();
                    }
                    if (lag != null) {
                        // as (sent, sent − lag), so EndToEndBench's slope of (a − b) is the lag's slope
                        samples.add(new double[] {(now - holdFrom) / 1e9, sent, sent - lag});
                    }
                }
                if (now >= end) {
                    break;
                }
                Http.pause(500);
            }
        } finally {
            Http.post(ingest.url("/simulator/stop"));
        }
        long[] streamAtEnd = stream.snapshot();
        double streamSeconds = (System.nanoTime() - streamFrom) / 1e9;
        double cpu = dashboard.cpuSeconds() - cpuAtHold;
        if (samples.size() < 2) {
            throw new BenchFailure("the dashboard reported its lag only " + samples.size() + " times during the hold; see "
                    + ctx.logDir.resolve("dashboard.log"));
        }
        double[] first = samples.get(0);
        double[] last = samples.get(samples.size() - 1);
        double seconds = last[0] - first[0];
        double sentRate = (last[1] - first[1]) / seconds;
        double slope = EndToEndBench.lagSlope(samples);
        Probe p = new Probe(target, sentRate, first[1] - first[2], last[1] - last[2], slope,
                slope <= EndToEndBench.MAX_LAG_SLOPE * sentRate, streamAtEnd[0] - streamAtHold[0], streamAtEnd[1] - streamAtHold[1],
                streamSeconds, 1e6 * cpu / Math.max(1, sentRate * seconds));
        Progress.say("  dashboard probe %,.0f/s: sent %,.0f/s, lag slope %+.2f %% of the rate per second, %.2f µs CPU per tick, %.2f messages/s,"
                + " %,.0f bytes/s to the page: %s", target, sentRate, 100 * slope / sentRate, p.cpuMicrosPerTick(), p.messagesPerSecond(),
                p.bytesPerSecond(), p.keptUp() ? "followed" : "fell behind");
        awaitCaughtUp(dashboard);
        return p;
    }

    /** Between probes: the dashboard reads what is left, so the next probe starts without a backlog. */
    private void awaitCaughtUp(Service dashboard) {
        try {
            Http.await(Duration.ofSeconds(120), 1000, () -> {
                Double lag = dashboardLag(dashboard);
                return lag != null && lag < 1000;
            }, () -> "the dashboard did not catch up within 120 s after a probe");
        } catch (BenchFailure e) {
            Progress.say("  %s", e.getMessage());
        }
    }

    /** The dashboard's own lag from its health block; null until it has one. */
    private static Double dashboardLag(Service dashboard) {
        JsonNode lag = JsonCodec.readTree(Http.get(dashboard.url("/api/state")).getBytes(StandardCharsets.UTF_8))
                .path("health").get("dashboard_lag");
        return lag != null && lag.isNumber() ? lag.asDouble() : null;
    }

    /** Reads one SSE stream on a thread of its own and counts its events and bytes. */
    private static final class StreamCounter implements AutoCloseable {

        private final AtomicLong events = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final InputStream body;
        private final Thread reader;

        private StreamCounter(InputStream body) {
            this.body = body;
            this.reader = new Thread(this::read, "dashboard-stream");
            reader.setDaemon(true);
            reader.start();
        }

        static StreamCounter open(String url) {
            try {
                HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    throw new BenchFailure(url + " answered " + response.statusCode());
                }
                return new StreamCounter(response.body());
            } catch (IOException e) {
                throw new BenchFailure("cannot open " + url + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted opening " + url, e);
            }
        }

        private void read() {
            byte[] buffer = new byte[8192];
            int matched = 0; // how much of EVENT_END the last bytes matched
            try {
                for (int n; (n = body.read(buffer)) > 0; ) {
                    bytes.addAndGet(n);
                    for (int i = 0; i < n; i++) {
                        matched = buffer[i] == EVENT_END[matched] ? matched + 1 : (buffer[i] == EVENT_END[0] ? 1 : 0);
                        if (matched == EVENT_END.length) {
                            events.incrementAndGet();
                            matched = 0;
                        }
                    }
                }
            } catch (IOException e) {
                // closed at the end of the benchmark
            }
        }

        /** [events, bytes] so far. */
        long[] snapshot() {
            return new long[] {events.get(), bytes.get()};
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // nothing left to read
            }
        }
    }
}

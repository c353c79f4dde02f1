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
 * Benchmark 7: the dashboard follows the simulator at its full rate. The simulator runs at the rate
 * it reached alone (benchmark 1) while the dashboard consumes {@code stock.realtime} and one browser
 * stream ({@code /api/stream}) is open. Over the hold (after a warm-up), the dashboard keeps up when
 * the least-squares slope of its own lag (from its health block, {@code dashboard_lag}) is at most
 * 1 % of the send rate per second — benchmark 5's rule. The stream's messages/s and bytes/s are
 * compared with the bound the service publishes ({@code /api/bound}): at most 4 messages/s, each at
 * most the largest delta for the symbols it knows.
 */
final class DashboardBench {

    static final String NAME = "7 dashboard";
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final BenchContext ctx;
    private final Service ingest;

    DashboardBench(BenchContext ctx, Service ingest) {
        this.ctx = ctx;
        this.ingest = ingest;
    }

    List<Row> run() {
        if (ctx.simulatorMax <= 0) {
            throw new BenchFailure("benchmark 7 runs the simulator at its full rate from benchmark 1: select it too (--only producer,dashboard)");
        }
        // the daily table reads the processed zone, which the streaming benchmarks do not write
        try (Service dashboard = Service.start(ctx.repo, "dashboard", "dashboard",
                ctx.env(Map.of("DASHBOARD_DAILY_ENABLED", "false")), ctx.logDir);
                StreamCounter stream = StreamCounter.open(dashboard.url("/api/stream"))) {
            double target = ctx.simulatorMax;
            Http.post(ingest.url("/simulator/start?rate=" + (long) target));
            List<double[]> samples = new ArrayList<>(); // [seconds since hold start, sent, sent - dashboard lag]
            long[] streamAtHold = null;
            double cpuAtHold = 0;
            try {
                long t0 = System.nanoTime();
                long holdFrom = t0 + ctx.mode.endToEndWarmup.toNanos();
                long end = holdFrom + ctx.mode.endToEndHold.toNanos();
                while (true) {
                    double sent = ingest.metric("ingest_ticks_sent_total");
                    JsonNode health = JsonCodec.readTree(Http.get(dashboard.url("/api/state")).getBytes(StandardCharsets.UTF_8))
                            .get("health");
                    long now = System.nanoTime();
                    if (now >= holdFrom) {
                        if (streamAtHold == null) {
                            streamAtHold = stream.snapshot();
                            cpuAtHold = dashboard.cpuSeconds();
                        }
                        JsonNode lag = health.get("dashboard_lag");
                        if (lag != null && lag.isNumber()) {
                            // as (sent, sent − lag), so EndToEndBench's slope of (a − b) is the lag's slope
                            samples.add(new double[] {(now - holdFrom) / 1e9, sent, sent - lag.asDouble()});
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
            boolean keptUp = slope <= EndToEndBench.MAX_LAG_SLOPE * sentRate;
            double holdSeconds = ctx.mode.endToEndHold.toSeconds();
            double messagesPerSecond = (streamAtEnd[0] - streamAtHold[0]) / holdSeconds;
            double bytesPerSecond = (streamAtEnd[1] - streamAtHold[1]) / holdSeconds;
            JsonNode bound = JsonCodec.readTree(Http.get(dashboard.url("/api/bound")).getBytes(StandardCharsets.UTF_8));
            double boundMessages = bound.get("max_messages_per_second").asDouble();
            double boundBytesPerSecond = boundMessages * bound.get("max_delta_bytes").asDouble();
            boolean withinBound = messagesPerSecond <= boundMessages && bytesPerSecond <= boundBytesPerSecond;
            String consumerNote = String.format("simulator at its full rate from benchmark 1 (%,.0f/s) sent %,.0f/s while the dashboard"
                    + " followed; dashboard lag %,.0f → %,.0f, slope %+,.0f/s (%+.2f %% of the rate); kept up = slope ≤ %.0f %% of the"
                    + " send rate per second over a %d s hold after a %d s warm-up; dashboard CPU %.2f µs per tick", target, sentRate,
                    first[1] - first[2], last[1] - last[2], slope, 100 * slope / sentRate, 100 * EndToEndBench.MAX_LAG_SLOPE,
                    ctx.mode.endToEndHold.toSeconds(), ctx.mode.endToEndWarmup.toSeconds(), 1e6 * cpu / (sentRate * seconds));
            String pageNote = String.format("one /api/stream connection over the hold: %.2f messages/s, %,.0f bytes/s; bound from /api/bound:"
                    + " %.0f messages/s × %,d bytes (largest delta for %d symbols) = %,.0f bytes/s; the tick rate does not enter it",
                    messagesPerSecond, bytesPerSecond, boundMessages, bound.get("max_delta_bytes").asLong(), bound.get("symbols").asInt(),
                    boundBytesPerSecond);
            Progress.say("  dashboard: %s", consumerNote);
            Progress.say("  dashboard page: %s", pageNote);
            return List.of(
                    new Row(NAME + " consumer", "ticks/s followed", "dashboard with the simulator at full rate", List.of(sentRate),
                            "simulator alone (benchmark 1)", List.of(target), "followed / simulator alone", sentRate / target,
                            "lag slope ≤ 1 % of the rate per second", keptUp, consumerNote, null),
                    new Row(NAME + " page", "bytes/s to one browser", "/api/stream", List.of(bytesPerSecond),
                            "bound (/api/bound)", List.of(boundBytesPerSecond), "page / bound", bytesPerSecond / boundBytesPerSecond,
                            "≤ 1 (and ≤ 4 messages/s)", withinBound, pageNote, null));
        }
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

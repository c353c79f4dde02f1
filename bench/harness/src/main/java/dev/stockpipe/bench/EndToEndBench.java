package dev.stockpipe.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark 5: simulator → Kafka → lake-writer → S3 with both services running together.
 * Steps of rising target rates (fractions of the slower of benchmark 1's simulator maximum and
 * benchmark 2's landing rate); a step is sustained when the simulator achieved ≥ 95 % of its
 * target (slow-down backpressure never drops, it falls behind) and the lag (sent − landed,
 * sampled every 500 ms) grew by no more than 5 % of the target rate per second between the mean of
 * the step's first half and the mean of its second half — the lake kept up. In
 * {@code --full}, the best sustained rate is then held for five minutes.
 */
final class EndToEndBench {

    static final String NAME = "5 end to end";
    private static final double KEEP_UP = 0.95;

    private final BenchContext ctx;
    private final Service ingest;
    private final Service writer;

    EndToEndBench(BenchContext ctx, Service ingest, Service writer) {
        this.ctx = ctx;
        this.ingest = ingest;
        this.writer = writer;
    }

    /** What one step achieved. */
    record Step(double target, double sentRate, double landedRate, double lagStart, double lagEnd, boolean sustained) {
    }

    List<Row> run() {
        double base = Math.min(ctx.simulatorMax > 0 ? ctx.simulatorMax : 20_000, ctx.landingMax > 0 ? ctx.landingMax : 20_000);
        double best = 0;
        List<Double> sustainedRates = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < ctx.mode.endToEndSteps.size(); i++) {
            double target = Math.max(100, Math.round(base * ctx.mode.endToEndFraction(i) / 100.0) * 100.0);
            Step s = step(target, ctx.mode.endToEndSteps.get(i));
            ctx.endToEndSteps.put(target, new double[] {s.sentRate(), s.landedRate(), s.sustained() ? 1 : 0});
            notes.add(String.format("%,.0f/s → sent %,.0f/s, landed %,.0f/s (2nd half), mean lag %,.0f → %,.0f: %s", target, s.sentRate(),
                    s.landedRate(), s.lagStart(), s.lagEnd(), s.sustained() ? "sustained" : "not sustained"));
            Progress.say("  end-to-end step %s", notes.get(notes.size() - 1));
            if (s.sustained()) {
                best = target;
                sustainedRates.add(s.sentRate());
            } else {
                break;
            }
        }
        Boolean pass = null;
        String metric = String.format("ticks/s sustained, steps of %d s", ctx.mode.endToEndSteps.get(0).toSeconds());
        List<Double> ours = List.of(best);
        if (ctx.mode.endToEndConfirm && best > 0) {
            Step hold = step(best, Duration.ofMinutes(5));
            notes.add(String.format("5-minute hold at %,.0f/s: sent %,.0f/s, landed %,.0f/s, mean lag %,.0f → %,.0f: %s", best, hold.sentRate(),
                    hold.landedRate(), hold.lagStart(), hold.lagEnd(), hold.sustained() ? "sustained" : "not sustained"));
            Progress.say("  end-to-end %s", notes.get(notes.size() - 1));
            pass = hold.sustained();
            metric = "ticks/s sustained for 5 min";
            ours = List.of(hold.sustained() ? best : 0.0);
        }
        double simMax = ctx.simulatorMax;
        return List.of(new Row(NAME, metric, "ingest + lake-writer together", ours,
                simMax > 0 ? "simulator alone (benchmark 1)" : "", simMax > 0 ? List.of(simMax) : List.of(),
                simMax > 0 ? "end-to-end / simulator alone" : "", simMax > 0 ? ours.get(0) / simMax : null,
                ctx.mode.endToEndConfirm ? "sustain 5 min without growing lag" : "report (5-min hold in --full)", pass,
                String.join("; ", notes), null));
    }

    private Step step(double target, Duration length) {
        Http.post(ingest.url("/simulator/start?rate=" + (long) target));
        try {
            // lag = sent − landed, sampled every 500 ms: landing is step-wise (rotation), so single
            // samples saw-tooth by up to one rotation; the means of each half do not
            long t0 = System.nanoTime();
            long half = length.toNanos() / 2;
            List<Double> firstHalf = new ArrayList<>();
            List<Double> secondHalf = new ArrayList<>();
            double sentMid = -1;
            double landedMid = -1;
            long tMid = 0;
            double sentEnd;
            double landedEnd;
            while (true) {
                double sent = ingest.metric("ingest_ticks_sent_total");
                double landed = writer.metric("lake_records_landed_total");
                long now = System.nanoTime();
                if (now - t0 < half) {
                    firstHalf.add(sent - landed);
                } else {
                    if (sentMid < 0) {
                        sentMid = sent;
                        landedMid = landed;
                        tMid = now;
                    }
                    secondHalf.add(sent - landed);
                    if (now - t0 >= length.toNanos()) {
                        sentEnd = sent;
                        landedEnd = landed;
                        break;
                    }
                }
                Http.pause(500);
            }
            double halfSeconds = (System.nanoTime() - tMid) / 1e9;
            double sentRate = (sentEnd - sentMid) / halfSeconds;
            double landedRate = (landedEnd - landedMid) / halfSeconds;
            double lag1 = mean(firstHalf);
            double lag2 = mean(secondHalf);
            double lagGrowthPerSecond = (lag2 - lag1) / (length.toNanos() / 2e9);
            boolean sustained = sentRate >= KEEP_UP * target && lagGrowthPerSecond <= (1 - KEEP_UP) * target;
            return new Step(target, sentRate, landedRate, lag1, lag2, sustained);
        } finally {
            Http.post(ingest.url("/simulator/stop"));
            awaitDrained();
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** Lets the lake catch up between steps, so each step starts without a backlog. */
    private void awaitDrained() {
        Http.await(Duration.ofSeconds(120), 500, () -> writer.metric("lake_records_landed_total") >= ingest.metric("ingest_ticks_sent_total")
                - 0.5, () -> "the lake-writer did not catch up within 120 s after an end-to-end step");
    }
}

package dev.stockpipe.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark 5: simulator → Kafka → lake-writer → S3 with both services running together. It
 * looks for the highest rate the pair sustains, by bisection. A probe runs the simulator at its
 * target rate for a warm-up (the pipeline filling up to its steady lag, left out) and then a hold.
 * The rate is sustained when, over the hold, the simulator reached ≥ 95 % of the target
 * (slow-down backpressure never drops, it falls behind) and the least-squares slope of the lag
 * (sent − landed, sampled every 500 ms) is at most 1 % of the target per second: the lag stopped
 * growing. The result is compared with the harmonic bound {@code 1 / (1/simulator + 1/lake-writer)}
 * of benchmarks 1 and 2 in the same run: both processes share the same cores, so that is the
 * honest ceiling for the two together.
 */
final class EndToEndBench {

    static final String NAME = "5 end to end";
    private static final double KEEP_UP = 0.95;
    /** Largest lag slope of a sustained rate, as a fraction of the rate per second. */
    static final double MAX_LAG_SLOPE = 0.01;
    static final double TARGET = 0.8;

    private final BenchContext ctx;
    private final Service ingest;
    private final Service writer;

    EndToEndBench(BenchContext ctx, Service ingest, Service writer) {
        this.ctx = ctx;
        this.ingest = ingest;
        this.writer = writer;
    }

    /** What one probe achieved over its hold. */
    record Step(double target, double sentRate, double landedRate, double lagStart, double lagEnd, double lagSlope, boolean sustained) {
    }

    List<Row> run() {
        if (ctx.simulatorMax <= 0 || ctx.landingMax <= 0) {
            throw new BenchFailure("benchmark 5 is bounded by benchmarks 1 and 2 of the same run: select them too (--only producer,landing,e2e)");
        }
        double bound = harmonicBound(ctx.simulatorMax, ctx.landingMax);
        double lo = 0;
        double hi = bound * TARGET;
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < ctx.mode.endToEndProbes; i++) {
            // the first probe is the target itself; then bisection between the best sustained and the lowest failed rate
            double target = i == 0 ? hi : (lo + hi) / 2;
            target = Math.max(100, Math.round(target / 100.0) * 100.0);
            Step s = probe(target);
            ctx.endToEndSteps.put(target, new double[] {s.sentRate(), s.landedRate(), s.sustained() ? 1 : 0});
            notes.add(String.format("%,.0f/s → sent %,.0f/s, landed %,.0f/s, lag %,.0f → %,.0f, slope %+,.0f/s (%+.2f %%): %s", target,
                    s.sentRate(), s.landedRate(), s.lagStart(), s.lagEnd(), s.lagSlope(), 100 * s.lagSlope() / target,
                    s.sustained() ? "sustained" : "not sustained"));
            Progress.say("  end-to-end probe %s", notes.get(notes.size() - 1));
            if (s.sustained()) {
                lo = target;
                if (i == 0) {
                    hi = Math.min(ctx.simulatorMax, bound * 1.2);
                }
            } else {
                hi = target;
            }
        }
        double ratio = lo / bound;
        String metric = String.format("ticks/s sustained over a %d s hold", ctx.mode.endToEndHold.toSeconds());
        return List.of(new Row(NAME, metric, "ingest + lake-writer together", List.of(lo),
                "harmonic bound 1 / (1/simulator + 1/lake-writer), benchmarks 1 and 2", List.of(bound), "end-to-end / bound", ratio,
                "≥ " + TARGET, ratio >= TARGET,
                String.format("simulator alone %,.0f/s, lake-writer alone %,.0f/s; sustained = sent ≥ 95 %% of the rate and lag slope"
                        + " ≤ %.0f %% of the rate per second over the hold, after a %d s warm-up; %d probes by bisection: %s",
                        ctx.simulatorMax, ctx.landingMax, 100 * MAX_LAG_SLOPE, ctx.mode.endToEndWarmup.toSeconds(), ctx.mode.endToEndProbes,
                        String.join("; ", notes)), null));
    }

    static double harmonicBound(double simulatorAlone, double writerAlone) {
        return 1 / (1 / simulatorAlone + 1 / writerAlone);
    }

    private Step probe(double target) {
        Http.post(ingest.url("/simulator/start?rate=" + (long) target));
        try {
            long t0 = System.nanoTime();
            long holdFrom = t0 + ctx.mode.endToEndWarmup.toNanos();
            long end = holdFrom + ctx.mode.endToEndHold.toNanos();
            List<double[]> samples = new ArrayList<>(); // [seconds since hold start, sent, landed]
            while (true) {
                double sent = ingest.metric("ingest_ticks_sent_total");
                double landed = writer.metric("lake_records_landed_total");
                long now = System.nanoTime();
                if (now >= holdFrom) {
                    samples.add(new double[] {(now - holdFrom) / 1e9, sent, landed});
                }
                if (now >= end) {
                    break;
                }
                Http.pause(500);
            }
            double[] first = samples.get(0);
            double[] last = samples.get(samples.size() - 1);
            double seconds = last[0] - first[0];
            double sentRate = (last[1] - first[1]) / seconds;
            double landedRate = (last[2] - first[2]) / seconds;
            double slope = lagSlope(samples);
            boolean sustained = sentRate >= KEEP_UP * target && slope <= MAX_LAG_SLOPE * target;
            return new Step(target, sentRate, landedRate, first[1] - first[2], last[1] - last[2], slope, sustained);
        } finally {
            Http.post(ingest.url("/simulator/stop"));
            awaitDrained();
        }
    }

    /** Least-squares slope of lag (sent − landed) over time, per second. */
    static double lagSlope(List<double[]> samples) {
        double n = samples.size();
        double sx = 0;
        double sy = 0;
        for (double[] s : samples) {
            sx += s[0];
            sy += s[1] - s[2];
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (double[] s : samples) {
            sxy += (s[0] - mx) * (s[1] - s[2] - my);
            sxx += (s[0] - mx) * (s[0] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /** Lets the lake catch up between steps, so each step starts without a backlog. */
    private void awaitDrained() {
        Http.await(Duration.ofSeconds(120), 500, () -> writer.metric("lake_records_landed_total") >= ingest.metric("ingest_ticks_sent_total")
                - 0.5, () -> "the lake-writer did not catch up within 120 s after an end-to-end step");
    }
}

package dev.stockpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark 6: WindowMetricsStream with {@code --available-now} ({@code bin/spark-job window-metrics},
 * local[*], both window sizes, default slide and watermark) over a raw realtime zone written like the
 * lake-writer's ({@link RawTicks}), against Spark only reading the same tick files with the job's
 * own tick reader, every field parsed ({@link SparkScan#PARSED}; the bare count is recorded too). Fresh JVMs,
 * alternating run by run, wall time per run; every job run starts from an empty checkpoint and output
 * ({@code --processed-root} per run). A run counts only if the job read every tick and wrote window
 * rows for both sizes, so the benchmark cannot pass on a job that did nothing.
 */
final class WindowMetricsBench {

    static final String NAME = "6 WindowMetricsStream vs Spark scan";

    private static final double TARGET = 2.0;

    private final BenchContext ctx;

    WindowMetricsBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    List<Row> run() throws IOException {
        List<Row> rows = new ArrayList<>();
        Map<Long, double[]> scaling = new TreeMap<>();
        long largest = ctx.mode.windowTicks.get(ctx.mode.windowTicks.size() - 1);
        for (long target : ctx.mode.windowTicks) {
            Path lake = ctx.dir("window-" + target);
            Progress.say("  writing ~%,d raw ticks under %s", target, lake);
            RawTicks.DataSet data = RawTicks.write(lake, target);
            List<Double> job = new ArrayList<>();
            List<Double> scan = new ArrayList<>();
            List<Double> counted = new ArrayList<>();
            long windowRows = -1;
            for (int i = 0; i < ctx.mode.runs; i++) {
                Proc.Finished w = Proc.run("spark-window-" + target + "-" + (i + 1),
                        List.of(ctx.repo.bin("spark-job"), "window-metrics", "--available-now", "--lake", lake.toString(),
                                "--processed-root", "processed-run-" + (i + 1)),
                        Map.of(), ctx.logDir, Duration.ofMinutes(30)).requireSuccess();
                JsonNode summary = DailyMetricsBench.summary(w);
                DailyMetricsBench.requireLines(w, summary, data.rows());
                windowRows = windowRows(w, summary);
                job.add(w.wallSeconds());
                String scanName = "spark-scan-ticks-" + target + "-" + (i + 1);
                scan.add(SparkScan.PARSED.run(ctx, scanName, lake, List.of("--data", "ticks"), data.rows()));
                counted.add(SparkScan.COUNTED.run(ctx, scanName, lake, List.of("--data", "ticks"), data.rows()));
                Progress.say("  %,d ticks run %d: window job %.1f s (%,d window rows out), Spark scan %.1f s parsed, %.1f s counted",
                        data.rows(), i + 1, w.wallSeconds(), windowRows, scan.get(i), counted.get(i));
            }
            scaling.put(data.rows(), new double[] {Stats.median(job), Stats.median(scan)});
            double ratio = Stats.median(job) / Stats.median(scan);
            boolean decisive = target == largest && ctx.mode != Mode.TINY;
            rows.add(new Row(NAME, String.format("wall s, %,d raw ticks", data.rows()), "WindowMetricsStream --available-now (bin/spark-job, local[*])",
                    job, SparkScan.PARSED.label, scan, "job / scan (time)", ratio,
                    "≤ " + TARGET + "× at the largest size", decisive ? ratio <= TARGET : null,
                    String.format("%,d symbols, %d files, %.0f MB of JSON before gzip; %,d window rows out (15m and 1h, slide 5m); "
                            + "both sides counted every tick; wall times include JVM and Spark start-up%s", data.symbols(), data.files(),
                            data.bytes() / 1e6, windowRows, decisive ? "" : "; the target applies at the largest size of a short or full run"),
                    null));
            rows.add(new Row(NAME, String.format("wall s, %,d raw ticks, vs count only", data.rows()),
                    "WindowMetricsStream --available-now (bin/spark-job, local[*])", job, SparkScan.COUNTED.label, counted,
                    "job / count (time)", Stats.median(job) / Stats.median(counted), "record", null,
                    "information: the same files split into lines, no field converted", null));
        }
        if (scaling.size() >= 2) {
            List<Long> sizes = new ArrayList<>(scaling.keySet());
            double[] small = scaling.get(sizes.get(0));
            double[] big = scaling.get(sizes.get(sizes.size() - 1));
            rows.add(new Row(NAME, String.format("growth of wall time for %.0f× the ticks", sizes.get(sizes.size() - 1) / (double) sizes.get(0)),
                    "WindowMetricsStream", List.of(big[0] / small[0]), "Spark scan", List.of(big[1] / small[1]), "job growth / scan growth",
                    (big[0] / small[0]) / (big[1] / small[1]), "record", null, "from medians of each size", null));
        }
        return rows;
    }

    /** Window rows the run wrote over both sizes; fails when a size wrote none (a job that computed nothing). */
    private static long windowRows(Proc.Finished job, JsonNode summary) {
        long total = 0;
        JsonNode windows = summary.path("windows");
        for (String size : List.of("15m", "1h")) {
            long n = windows.path(size).path("rows_written").asLong(0);
            if (n <= 0) {
                throw new BenchFailure(job.name() + " wrote no " + size + " window rows: the job computed nothing; see " + job.log());
            }
            total += n;
        }
        return total;
    }
}

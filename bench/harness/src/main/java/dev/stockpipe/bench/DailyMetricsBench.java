package dev.stockpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 3: DailyMetricsJob ({@code bin/spark-job daily-metrics}, local[*]) against Spark only
 * reading the same raw files with the job's own reader, every field parsed ({@link SparkScan#PARSED}:
 * same launcher, JVM flags and session; the bare count is recorded too), and against DuckDB running the same aggregation
 * ({@link DuckDbDailyMain}) — all fresh JVMs over the same local files, alternating run by run, wall
 * time per run. The scan is the target's baseline; DuckDB is recorded as what one machine does
 * without Spark. Sizes: 1M rows (and 10M in {@code --full}); the growth between sizes is reported.
 */
final class DailyMetricsBench {

    static final String NAME = "3 DailyMetricsJob vs Spark scan, DuckDB";

    private static final double TARGET = 1.3;

    private final BenchContext ctx;

    DailyMetricsBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    List<Row> run() throws IOException {
        List<Row> rows = new ArrayList<>();
        long largest = ctx.mode.dailyRows.get(ctx.mode.dailyRows.size() - 1);
        for (long target : ctx.mode.dailyRows) {
            Path lake = ctx.dir("daily-" + target);
            Progress.say("  writing ~%,d raw bars under %s", target, lake);
            RawBars.DataSet data = RawBars.write(lake, target);
            String from = data.from().toString();
            String to = data.to().toString();
            List<Double> spark = new ArrayList<>();
            List<Double> scan = new ArrayList<>();
            List<Double> counted = new ArrayList<>();
            List<Double> duck = new ArrayList<>();
            long sparkRows = -1;
            long duckRows = -1;
            for (int i = 0; i < ctx.mode.runs; i++) {
                Proc.Finished s = Proc.run("spark-daily-" + target + "-" + (i + 1),
                        List.of(ctx.repo.bin("spark-job"), "daily-metrics", "--from", from, "--to", to,
                                "--lake", lake.toString(), "--run-id", "bench-" + (i + 1)),
                        Map.of(), ctx.logDir, Duration.ofMinutes(30)).requireSuccess();
                JsonNode summary = summary(s);
                sparkRows = summary.path("rows_written").asLong(-1);
                requireLines(s, summary, data.rows());
                spark.add(s.wallSeconds());
                String scanName = "spark-scan-bars-" + target + "-" + (i + 1);
                List<String> bars = List.of("--data", "bars", "--from", from, "--to", to);
                scan.add(SparkScan.PARSED.run(ctx, scanName, lake, bars, data.rows()));
                counted.add(SparkScan.COUNTED.run(ctx, scanName, lake, bars, data.rows()));
                List<String> cmd = ctx.repo.benchHelper(DuckDbDailyMain.class.getName(), "2g");
                cmd.addAll(List.of(lake.toString(), from, to, ctx.dir("daily-duckdb-out-" + target)
                        .resolve("run-" + (i + 1)).toString()));
                Proc.Finished d = Proc.run("duckdb-daily-" + target + "-" + (i + 1), cmd, Map.of(), ctx.logDir, Duration.ofMinutes(30))
                        .requireSuccess();
                duckRows = Long.parseLong(d.lastLine().split(" ")[0]);
                duck.add(d.wallSeconds());
                Progress.say("  %,d rows run %d: Spark %.1f s (%,d rows out), Spark scan %.1f s parsed, %.1f s counted, "
                        + "DuckDB %.1f s (%,d rows out)", data.rows(), i + 1, s.wallSeconds(), sparkRows, scan.get(i), counted.get(i),
                        d.wallSeconds(), duckRows);
            }
            if (sparkRows != duckRows) {
                throw new BenchFailure("Spark wrote " + sparkRows + " daily rows and DuckDB " + duckRows
                        + ": the two sides did not compute the same thing");
            }
            ctx.dailyScaling.put(data.rows(), new double[] {Stats.median(spark), Stats.median(duck), Stats.median(scan)});
            boolean decisive = target == largest && target >= 10_000_000L;
            String input = String.format("%,d daily rows out (Spark and DuckDB); %.0f MB of JSON (gzip) in %d files; "
                    + "wall times include JVM and Spark start-up", sparkRows, data.bytes() / 1e6, RawBars.DAYS * RawBars.FILES_PER_DAY);
            double scanRatio = Stats.median(spark) / Stats.median(scan);
            rows.add(new Row(NAME, String.format("wall s, %,d raw rows, vs Spark scan", data.rows()), "DailyMetricsJob (bin/spark-job, local[*])",
                    spark, SparkScan.PARSED.label, scan, "job / scan (time)", scanRatio,
                    "≤ " + TARGET + "× at 10M rows", decisive ? scanRatio <= TARGET : null,
                    input + "; both sides counted " + String.format("%,d", data.rows()) + " lines"
                            + (decisive ? "" : "; the target applies at 10M rows (--full)"),
                    null));
            rows.add(new Row(NAME, String.format("wall s, %,d raw rows, vs count only", data.rows()), "DailyMetricsJob (bin/spark-job, local[*])",
                    spark, SparkScan.COUNTED.label, counted, "job / count (time)", Stats.median(spark) / Stats.median(counted), "record",
                    null, input + "; information: the same files split into lines, no field converted", null));
            rows.add(new Row(NAME, String.format("wall s, %,d raw rows, vs DuckDB", data.rows()), "DailyMetricsJob (bin/spark-job, local[*])",
                    spark, "DuckDB (same SQL aggregation, own JVM)", duck, "Spark / DuckDB (time)", Stats.median(spark) / Stats.median(duck),
                    "record", null, input + "; information: what one machine does without Spark", null));
        }
        if (ctx.dailyScaling.size() >= 2) {
            List<Long> sizes = new ArrayList<>(ctx.dailyScaling.keySet());
            double[] small = ctx.dailyScaling.get(sizes.get(0));
            double[] big = ctx.dailyScaling.get(sizes.get(sizes.size() - 1));
            double sizeFactor = sizes.get(sizes.size() - 1) / (double) sizes.get(0);
            String metric = String.format("growth of wall time for %.0f× the rows", sizeFactor);
            rows.add(new Row(NAME, metric + ", vs Spark scan", "DailyMetricsJob", List.of(big[0] / small[0]), "Spark scan",
                    List.of(big[2] / small[2]), "job growth / scan growth", (big[0] / small[0]) / (big[2] / small[2]), "record", null,
                    "from medians of each size", null));
            rows.add(new Row(NAME, metric + ", vs DuckDB", "DailyMetricsJob", List.of(big[0] / small[0]), "DuckDB",
                    List.of(big[1] / small[1]), "Spark growth / DuckDB growth", (big[0] / small[0]) / (big[1] / small[1]), "record", null,
                    "from medians of each size", null));
        }
        return rows;
    }

    static JsonNode summary(Proc.Finished job) {
        return JsonCodec.readTree(job.lastLine().getBytes(StandardCharsets.UTF_8));
    }

    /** Both Spark sides must have read every generated line, or they did not read the same input. */
    static void requireLines(Proc.Finished job, JsonNode summary, long expected) {
        long lines = summary.path("lines_read").asLong(-1);
        if (lines != expected) {
            throw new BenchFailure(job.name() + " read " + lines + " raw lines, the data set has " + expected + "; see " + job.log());
        }
    }
}

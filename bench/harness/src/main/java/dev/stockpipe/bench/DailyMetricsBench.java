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
 * Benchmark 3: DailyMetricsJob ({@code bin/spark-job daily-metrics}, local[*]) against DuckDB
 * running the same aggregation ({@link DuckDbDailyMain}) over the same raw files on a local
 * path, both as fresh JVMs, wall time per run. Sizes: 1M rows (and 10M in {@code --full}); the
 * growth factor between sizes is reported for both.
 */
final class DailyMetricsBench {

    static final String NAME = "3 DailyMetricsJob vs DuckDB";

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
            List<Double> spark = new ArrayList<>();
            List<Double> duck = new ArrayList<>();
            long sparkRows = -1;
            long duckRows = -1;
            for (int i = 0; i < ctx.mode.runs; i++) {
                Proc.Finished s = Proc.run("spark-daily-" + target + "-" + (i + 1),
                        List.of(ctx.repo.bin("spark-job"), "daily-metrics", "--from", data.from().toString(), "--to", data.to().toString(),
                                "--lake", lake.toString(), "--run-id", "bench-" + (i + 1)),
                        Map.of(), ctx.logDir, Duration.ofMinutes(30)).requireSuccess();
                JsonNode summary = JsonCodec.readTree(s.lastLine().getBytes(StandardCharsets.UTF_8));
                sparkRows = summary.path("rows_written").asLong(-1);
                spark.add(s.wallSeconds());
                List<String> cmd = ctx.repo.benchHelper(DuckDbDailyMain.class.getName(), "2g");
                cmd.addAll(List.of(lake.toString(), data.from().toString(), data.to().toString(), ctx.dir("daily-duckdb-out-" + target)
                        .resolve("run-" + (i + 1)).toString()));
                Proc.Finished d = Proc.run("duckdb-daily-" + target + "-" + (i + 1), cmd, Map.of(), ctx.logDir, Duration.ofMinutes(30))
                        .requireSuccess();
                duckRows = Long.parseLong(d.lastLine().split(" ")[0]);
                duck.add(d.wallSeconds());
                Progress.say("  %,d rows run %d: Spark %.1f s (%,d rows out), DuckDB %.1f s (%,d rows out)", data.rows(), i + 1,
                        s.wallSeconds(), sparkRows, d.wallSeconds(), duckRows);
            }
            if (sparkRows != duckRows) {
                throw new BenchFailure("Spark wrote " + sparkRows + " daily rows and DuckDB " + duckRows
                        + ": the two sides did not compute the same thing");
            }
            ctx.dailyScaling.put(data.rows(), new double[] {Stats.median(spark), Stats.median(duck)});
            double ratio = Stats.median(spark) / Stats.median(duck);
            boolean decisive = target == largest && target >= 10_000_000L;
            rows.add(new Row(NAME, String.format("wall s, %,d raw rows", data.rows()), "DailyMetricsJob (bin/spark-job, local[*])", spark,
                    "DuckDB " + "(same SQL aggregation, own JVM)", duck, "Spark / DuckDB (time)", ratio, "≤ 3× at 10M rows",
                    decisive ? ratio <= 3.0 : null,
                    String.format("%,d daily rows out on both sides; %.0f MB of JSON (gzip) in %d files; wall time includes JVM and Spark start-up%s",
                            sparkRows, data.bytes() / 1e6, RawBars.DAYS * RawBars.FILES_PER_DAY,
                            decisive ? "" : "; the target applies at 10M rows (--full)"),
                    null));
        }
        if (ctx.dailyScaling.size() >= 2) {
            List<Long> sizes = new ArrayList<>(ctx.dailyScaling.keySet());
            double[] small = ctx.dailyScaling.get(sizes.get(0));
            double[] big = ctx.dailyScaling.get(sizes.get(sizes.size() - 1));
            double sizeFactor = sizes.get(sizes.size() - 1) / (double) sizes.get(0);
            rows.add(new Row(NAME, String.format("growth of wall time for %.0f× the rows", sizeFactor), "DailyMetricsJob",
                    List.of(big[0] / small[0]), "DuckDB", List.of(big[1] / small[1]), "Spark growth / DuckDB growth",
                    (big[0] / small[0]) / (big[1] / small[1]), "record", null, "from medians of each size", null));
        }
        return rows;
    }
}

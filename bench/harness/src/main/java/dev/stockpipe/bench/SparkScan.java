package dev.stockpipe.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Spark baselines of benchmarks 3 and 6: {@code bin/spark-job raw-scan} over the same raw files
 * with the job's own reader, in a fresh JVM with the job's launcher, flags and session.
 *
 * <ul>
 *   <li>{@link #PARSED} converts every field of every line ({@code --fields all}): what any job
 *       reading this input must do, and the target's baseline.</li>
 *   <li>{@link #COUNTED} is a bare {@code count()} ({@code --fields none}): Spark's JSON reader then
 *       converts nothing, so it times decompression and line splitting only. Information.</li>
 * </ul>
 */
enum SparkScan {
    PARSED("all", "Spark scan, every field parsed (bin/spark-job raw-scan --fields all: the job's reader, a hash of every column)"),
    COUNTED("none", "Spark scan, count only (bin/spark-job raw-scan --fields none: no field converted)");

    final String fields;
    final String label;

    SparkScan(String fields, String label) {
        this.fields = fields;
        this.label = label;
    }

    /**
     * Runs the scan once over {@code lake} with the data-set arguments ({@code --data ticks}, or bars and
     * dates) and returns its wall seconds; fails unless it read {@code expectedLines}.
     */
    double run(BenchContext ctx, String name, Path lake, List<String> dataArgs, long expectedLines) {
        List<String> cmd = new ArrayList<>(List.of(ctx.repo.bin("spark-job"), "raw-scan"));
        cmd.addAll(dataArgs);
        cmd.addAll(List.of("--fields", fields, "--lake", lake.toString()));
        Proc.Finished scan = Proc.run(name + "-" + fields, cmd, Map.of(), ctx.logDir, Duration.ofMinutes(30)).requireSuccess();
        DailyMetricsBench.requireLines(scan, DailyMetricsBench.summary(scan), expectedLines);
        return scan.wallSeconds();
    }
}

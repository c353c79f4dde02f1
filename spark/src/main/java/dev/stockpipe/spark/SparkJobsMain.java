package dev.stockpipe.spark;

import dev.stockpipe.spark.daily.DailyMetricsJob;
import dev.stockpipe.spark.scan.RawScanJob;
import dev.stockpipe.spark.session.SessionProvider;
import dev.stockpipe.spark.window.WindowMetricsStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of the job jar: {@code SparkJobsMain <job> [options]} with job
 * {@code daily-metrics}, {@code window-metrics} or {@code raw-scan} (reads a job's raw input and counts it:
 * the benchmarks' Spark baseline). Same entry for spark-submit and bin/spark-job.
 */
public final class SparkJobsMain {

    private SparkJobsMain() {
    }

    public static void main(String[] argv) {
        int exit;
        try {
            exit = run(argv, System.getenv(), SessionProvider.create(), System.out, System.err);
        } finally {
            if (SparkSession.getDefaultSession().isDefined()) {
                SparkSession.getDefaultSession().get().stop();
            }
        }
        System.exit(exit);
    }

    /** Runs the named job on sessions from {@code sessions}; the exit code of the job contract. */
    static int run(String[] argv, Map<String, String> env, SessionProvider sessions, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].startsWith("--")) {
            err.println("Name the job first: SparkJobsMain " + DailyMetricsJob.NAME + "|" + WindowMetricsStream.NAME
                    + "|" + RawScanJob.NAME + " [options]");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        return switch (argv[0]) {
            case DailyMetricsJob.NAME -> DailyMetricsJob.run(rest, env, sessions, out, err);
            case WindowMetricsStream.NAME -> WindowMetricsStream.run(rest, env, sessions, out, err);
            case RawScanJob.NAME -> RawScanJob.run(rest, env, sessions, out, err);
            default -> {
                err.println("Unknown job '" + argv[0] + "': use " + DailyMetricsJob.NAME + ", " + WindowMetricsStream.NAME
                        + " or " + RawScanJob.NAME);
                yield 2;
            }
        };
    }
}

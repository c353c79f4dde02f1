package dev.stockpipe.spark;

import dev.stockpipe.spark.daily.DailyMetricsJob;
import dev.stockpipe.spark.session.SessionProvider;
import dev.stockpipe.spark.window.WindowMetricsStream;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of the job jar: {@code SparkJobsMain <job> [options]} with job
 * {@code daily-metrics} or {@code window-metrics}. Same entry for spark-submit and bin/spark-job.
 */
public final class SparkJobsMain {

    private SparkJobsMain() {
    }

    public static void main(String[] argv) {
        int exit = run(argv, System.getenv());
        System.exit(exit);
    }

    static int run(String[] argv, Map<String, String> env) {
        if (argv.length == 0 || argv[0].startsWith("--")) {
            System.err.println("Name the job first: SparkJobsMain " + DailyMetricsJob.NAME + "|" + WindowMetricsStream.NAME
                    + " [options]");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        SessionProvider sessions = SessionProvider.create();
        try {
            return switch (argv[0]) {
                case DailyMetricsJob.NAME -> DailyMetricsJob.run(rest, env, sessions, System.out, System.err);
                case WindowMetricsStream.NAME -> WindowMetricsStream.run(rest, env, sessions, System.out, System.err);
                default -> {
                    System.err.println("Unknown job '" + argv[0] + "': use " + DailyMetricsJob.NAME + " or "
                            + WindowMetricsStream.NAME);
                    yield 2;
                }
            };
        } finally {
            if (SparkSession.getDefaultSession().isDefined()) {
                SparkSession.getDefaultSession().get().stop();
            }
        }
    }
}

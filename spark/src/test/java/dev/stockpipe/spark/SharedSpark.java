package dev.stockpipe.spark;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.spark.lake.LakeLocation;
import dev.stockpipe.spark.lake.LakeOptions;
import dev.stockpipe.spark.session.SessionProvider;
import dev.stockpipe.spark.session.SparkSessions;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for every test class in the (single, reused) surefire JVM: starting
 * Spark costs seconds on two cores. Small-data settings: 2 threads, 2 shuffle partitions, no UI.
 */
public final class SharedSpark {

    private static SparkSession spark;

    private SharedSpark() {
    }

    public static synchronized SparkSession session() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("stockpipe-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.streaming.minBatchesToRetain", "100")
                    .getOrCreate();
            SparkSessions.applySqlDefaults(spark);
        }
        return spark;
    }

    /** Hands the shared session to a job instead of letting it build (and stop) its own. */
    public static SessionProvider provider() {
        return (name, master) -> session();
    }

    /**
     * Points the shared session at a lake as a job would ({@code --lake root} plus the S3 settings
     * in {@code env}), so a test can land raw objects on s3a before the job runs.
     */
    public static LakeLocation configureLake(String root, Map<String, String> env) {
        LakeOptions.Lake lake = LakeOptions.resolve(JobArgs.parse(new String[] {"--" + LakeOptions.LAKE, root}, Set.of(),
                LakeOptions.OPTIONS), env);
        SparkSessions.configureLake(session(), lake);
        return lake.location();
    }
}

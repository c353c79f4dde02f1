package dev.stockpipe.spark;

import dev.stockpipe.spark.session.SessionProvider;
import dev.stockpipe.spark.session.SparkSessions;
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
}

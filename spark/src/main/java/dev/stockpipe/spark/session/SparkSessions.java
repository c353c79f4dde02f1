package dev.stockpipe.spark.session;

import dev.stockpipe.spark.lake.LakeOptions;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a job and points it at the lake. The settings here are
 * correctness settings, not tuning: the jobs rely on them.
 */
public final class SparkSessions {

    /** Checkpoint manager that never leaves a half-written checkpoint file visible on S3 (spark-hadoop-cloud). */
    public static final String S3_CHECKPOINT_MANAGER =
            "org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager";

    /** Session key of the streaming checkpoint manager. */
    public static final String CHECKPOINT_MANAGER_KEY = "spark.sql.streaming.checkpointFileManagerClass";

    /** Shuffle partitions per core for a local master, unless spark.sql.shuffle.partitions is set. */
    static final int LOCAL_SHUFFLE_PARTITIONS_PER_CORE = 2;

    /**
     * s3a's defaults nest the AWS SDK's retries (20) inside s3a's own (7, exponential): against an
     * endpoint that refuses connections a job retried for over ten minutes before failing. These bound
     * it to seconds; throttling keeps its own, longer retry budget ({@code fs.s3a.retry.throttle.*}).
     * Set per bucket; {@code spark.hadoop.fs.s3a.bucket.<bucket>.*} settings win over them.
     */
    static final java.util.Map<String, String> BOUNDED_RETRIES = java.util.Map.of(
            "fs.s3a.attempts.maximum", "2",
            "fs.s3a.retry.limit", "3",
            "fs.s3a.retry.interval", "500ms",
            "fs.s3a.connection.establish.timeout", "5000",
            "fs.s3a.connection.timeout", "60000");

    private SparkSessions() {
    }

    /**
     * A session for {@code appName}. Under spark-submit the master comes from spark-submit; run
     * directly, {@code master} (default {@code local[*]}) is used.
     */
    public static SparkSession create(String appName, Optional<String> master) {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster(master.orElse("local[*]"));
        }
        conf.setIfMissing("spark.app.name", appName);
        if (conf.get("spark.master").startsWith("local")) {
            // Spark's 200 shuffle partitions suit a cluster; on one machine they are 200 tiny tasks per stage
            conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(LOCAL_SHUFFLE_PARTITIONS_PER_CORE
                    * Runtime.getRuntime().availableProcessors()));
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        applySqlDefaults(spark);
        return spark;
    }

    /**
     * Session settings the jobs depend on: trading dates are computed with {@code from_utc_timestamp}
     * and need the session in UTC; {@code date=} partitions of window metrics are the UTC date;
     * Parquet timestamps as INT64 micros (not legacy INT96) so DuckDB and warehouses read them;
     * dynamic overwrite so a rerun replaces exactly its dates.
     */
    public static void applySqlDefaults(SparkSession spark) {
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
    }

    /**
     * Adds the s3a settings of the lake's bucket and the S3-safe checkpoint manager. For a local
     * lake the manager is removed again if an earlier s3a job on the same session set it: it
     * refuses file systems without abortable streams (the local one), so a session reused for a
     * local lake would otherwise fail to start any streaming query.
     */
    public static void configureLake(SparkSession spark, LakeOptions.Lake lake) {
        if (!lake.location().isS3()) {
            if (S3_CHECKPOINT_MANAGER.equals(spark.conf().get(CHECKPOINT_MANAGER_KEY, null))) {
                spark.conf().unset(CHECKPOINT_MANAGER_KEY);
            }
            return;
        }
        String bucket = lake.location().bucket().orElseThrow();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        // per bucket: core-default.xml gives the global keys values, so only these can be set "if unset"
        BOUNDED_RETRIES.forEach((key, value) -> hadoop.setIfUnset(key.replace("fs.s3a.", "fs.s3a.bucket." + bucket + "."), value));
        lake.s3().ifPresent(s3 -> s3.hadoopConf(bucket).forEach(hadoop::set));
        spark.conf().set(CHECKPOINT_MANAGER_KEY, S3_CHECKPOINT_MANAGER);
    }
}

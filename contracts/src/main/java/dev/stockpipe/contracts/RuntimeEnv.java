package dev.stockpipe.contracts;

/**
 * Names of the environment variables every process of the pipeline reads to find Kafka and
 * the lake. The devstack writes exactly these into its connection file, compose and k8s set
 * them, so one launcher can start any service or job against any environment.
 */
public final class RuntimeEnv {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String S3_ENDPOINT = "S3_ENDPOINT";
    public static final String S3_REGION = "S3_REGION";
    public static final String S3_ACCESS_KEY_ID = "S3_ACCESS_KEY_ID";
    public static final String S3_SECRET_ACCESS_KEY = "S3_SECRET_ACCESS_KEY";
    public static final String S3_PATH_STYLE = "S3_PATH_STYLE";
    public static final String LAKE_BUCKET = "LAKE_BUCKET";

    /** Default bucket holding both the raw and the processed zone. */
    public static final String DEFAULT_BUCKET = "stock-lake";
    /** Region sent to S3-compatible servers that ignore it. */
    public static final String DEFAULT_REGION = "us-east-1";

    private RuntimeEnv() {
    }
}

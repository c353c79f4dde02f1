package dev.stockpipe.spark.lake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach an S3-compatible server over s3a. Turned into per-bucket Hadoop keys
 * ({@code fs.s3a.bucket.<bucket>.*}) so one Spark session can talk to several endpoints (tests)
 * without the s3a filesystem cache handing back a client for the wrong one.
 *
 * @param endpoint        e.g. {@code http://127.0.0.1:9000}; empty means AWS itself
 * @param accessKeyId     empty (with an empty secret) means the AWS default credentials chain ({@link #DEFAULT_CHAIN})
 * @param secretAccessKey never logged ({@link #toString()} hides it)
 */
public record S3Settings(Optional<String> endpoint, String region, boolean pathStyle,
        Optional<String> accessKeyId, Optional<String> secretAccessKey) {

    /** s3a's provider for {@code access.key}/{@code secret.key}. */
    public static final String STATIC_KEYS = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider";

    /**
     * Without static keys: the AWS SDK's own default chain (environment, system properties, web identity
     * token = IRSA on EKS, profile, ECS task role, EC2 instance role). s3a's default provider list in Hadoop
     * 3.3 has no web identity and no profile step, so a Spark pod on EKS would find no credentials with it.
     */
    public static final String DEFAULT_CHAIN = "com.amazonaws.auth.DefaultAWSCredentialsProviderChain";

    /** The Hadoop configuration entries for {@code bucket}. */
    public Map<String, String> hadoopConf(String bucket) {
        String p = "fs.s3a.bucket." + bucket + ".";
        Map<String, String> conf = new LinkedHashMap<>();
        endpoint.ifPresent(e -> {
            conf.put(p + "endpoint", e);
            conf.put(p + "connection.ssl.enabled", String.valueOf(e.startsWith("https:")));
        });
        conf.put(p + "endpoint.region", region);
        conf.put(p + "path.style.access", String.valueOf(pathStyle));
        if (accessKeyId.isPresent() && secretAccessKey.isPresent()) {
            conf.put(p + "aws.credentials.provider", STATIC_KEYS);
            conf.put(p + "access.key", accessKeyId.get());
            conf.put(p + "secret.key", secretAccessKey.get());
        } else {
            conf.put(p + "aws.credentials.provider", DEFAULT_CHAIN);
        }
        // S3-compatible dev servers keep no object versions; ETag checks are enough
        conf.put(p + "change.detection.version.required", "false");
        return conf;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.orElse("(aws)") + ", region=" + region + ", pathStyle=" + pathStyle
                + ", accessKeyId=" + accessKeyId.map(k -> "***").orElse("(default chain)") + "]";
    }
}

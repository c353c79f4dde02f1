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
 * @param accessKeyId     empty means the default AWS credential chain
 * @param secretAccessKey never logged ({@link #toString()} hides it)
 */
public record S3Settings(Optional<String> endpoint, String region, boolean pathStyle,
        Optional<String> accessKeyId, Optional<String> secretAccessKey) {

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
            conf.put(p + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            conf.put(p + "access.key", accessKeyId.get());
            conf.put(p + "secret.key", secretAccessKey.get());
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

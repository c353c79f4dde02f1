package dev.stockpipe.warehouse.lake;

import dev.stockpipe.contracts.RuntimeEnv;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the lake is, from the shared {@link RuntimeEnv} variables. Without {@code S3_ENDPOINT}
 * the AWS defaults apply (real S3, default credential chain); with it (MinIO, S3Proxy) path-style
 * addressing is the default.
 */
public record S3Settings(Optional<URI> endpoint, String region, Optional<String> accessKeyId,
        Optional<String> secretAccessKey, boolean pathStyle, String bucket) {

    /** Secrets stay out of {@code toString}, which may end up in logs. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("aws default") + ", region=" + region
                + ", bucket=" + bucket + ", pathStyle=" + pathStyle + ", staticCredentials=" + accessKeyId.isPresent() + "]";
    }

    public static S3Settings fromEnv(Map<String, String> env) {
        Optional<URI> endpoint = nonBlank(env.get(RuntimeEnv.S3_ENDPOINT)).map(URI::create);
        String region = nonBlank(env.get(RuntimeEnv.S3_REGION)).orElse(RuntimeEnv.DEFAULT_REGION);
        Optional<String> key = nonBlank(env.get(RuntimeEnv.S3_ACCESS_KEY_ID));
        Optional<String> secret = nonBlank(env.get(RuntimeEnv.S3_SECRET_ACCESS_KEY));
        if (key.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException("Set both " + RuntimeEnv.S3_ACCESS_KEY_ID + " and "
                    + RuntimeEnv.S3_SECRET_ACCESS_KEY + ", or neither to use the AWS default credential chain");
        }
        boolean pathStyle = nonBlank(env.get(RuntimeEnv.S3_PATH_STYLE)).map(Boolean::parseBoolean)
                .orElse(endpoint.isPresent());
        String bucket = nonBlank(env.get(RuntimeEnv.LAKE_BUCKET)).orElse(RuntimeEnv.DEFAULT_BUCKET);
        return new S3Settings(endpoint, region, key, secret, pathStyle, bucket);
    }

    private static Optional<String> nonBlank(String s) {
        return Optional.ofNullable(s).filter(v -> !v.isBlank());
    }
}

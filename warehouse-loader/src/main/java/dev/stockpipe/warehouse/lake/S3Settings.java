package dev.stockpipe.warehouse.lake;

import dev.stockpipe.contracts.RuntimeEnv;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where the lake is and how to sign for it, from the shared {@link RuntimeEnv} variables, by the rule every
 * unit of the pipeline follows: without {@code S3_ENDPOINT} the lake is AWS S3 itself (virtual-hosted
 * addressing unless {@code S3_PATH_STYLE=true}); with it (MinIO, S3Proxy) path-style is the default. Both
 * {@code S3_ACCESS_KEY_ID} and {@code S3_SECRET_ACCESS_KEY} set = these static keys; neither = the AWS default
 * credentials chain (IRSA web identity, ECS/instance role, {@code AWS_*} variables, profile); only one = an
 * error, never a silent fallback. Empty variables count as unset. There are no dev defaults here.
 */
public record S3Settings(Optional<URI> endpoint, String region, Optional<String> accessKeyId,
        Optional<String> secretAccessKey, boolean pathStyle, String bucket) {

    /** Secrets stay out of {@code toString}, which may end up in logs. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("aws default") + ", region=" + region
                + ", bucket=" + bucket + ", pathStyle=" + pathStyle + ", staticCredentials=" + accessKeyId.isPresent() + "]";
    }

    /** Static keys when both are set, else the AWS default chain (its web identity step needs {@code sts}, a dependency). */
    public AwsCredentialsProvider credentialsProvider() {
        if (accessKeyId.isPresent() && secretAccessKey.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    public static S3Settings fromEnv(Map<String, String> env) {
        Optional<URI> endpoint = nonBlank(env.get(RuntimeEnv.S3_ENDPOINT)).map(URI::create);
        String region = nonBlank(env.get(RuntimeEnv.S3_REGION)).orElse(RuntimeEnv.DEFAULT_REGION);
        Optional<String> key = nonBlank(env.get(RuntimeEnv.S3_ACCESS_KEY_ID));
        Optional<String> secret = nonBlank(env.get(RuntimeEnv.S3_SECRET_ACCESS_KEY));
        if (key.isPresent() != secret.isPresent()) {
            String given = key.isPresent() ? RuntimeEnv.S3_ACCESS_KEY_ID : RuntimeEnv.S3_SECRET_ACCESS_KEY;
            String missing = key.isPresent() ? RuntimeEnv.S3_SECRET_ACCESS_KEY : RuntimeEnv.S3_ACCESS_KEY_ID;
            throw new IllegalArgumentException("The lake's S3 credentials are incomplete: " + given + " is set but "
                    + missing + " is not; set both " + RuntimeEnv.S3_ACCESS_KEY_ID + " and " + RuntimeEnv.S3_SECRET_ACCESS_KEY
                    + " for static keys, or neither to use the AWS default credentials chain (IRSA, instance role,"
                    + " AWS_* variables, profile).");
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

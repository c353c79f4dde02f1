package dev.stockpipe.spark.lake;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RuntimeEnv;
import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.contracts.job.JobRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lake options both jobs share, read from arguments first and the {@link RuntimeEnv}
 * variables second. Secrets come only from the environment or a file, never from the command
 * line (it shows up in process lists). The S3 rule is the services' one: no endpoint = AWS S3 itself
 * (path-style off unless asked for), both static keys = those keys, neither = the AWS default credentials
 * chain, only one = a usage error naming both. There are no dev defaults here: the dev stack's endpoint
 * and keys come from its env file.
 */
public final class LakeOptions {

    public static final String LAKE = "lake";
    public static final String S3_ENDPOINT = "s3-endpoint";
    public static final String S3_REGION = "s3-region";
    public static final String S3_PATH_STYLE = "s3-path-style";
    public static final String S3_ACCESS_KEY_ID = "s3-access-key-id";
    public static final String S3_SECRET_ACCESS_KEY_FILE = "s3-secret-access-key-file";
    public static final String RAW_ROOT = "raw-root";
    public static final String PROCESSED_ROOT = "processed-root";

    /** Option names to register with {@link JobArgs#parse}. */
    public static final Set<String> OPTIONS = Set.of(LAKE, S3_ENDPOINT, S3_REGION, S3_PATH_STYLE, S3_ACCESS_KEY_ID,
            S3_SECRET_ACCESS_KEY_FILE, RAW_ROOT, PROCESSED_ROOT);

    private LakeOptions() {
    }

    /** The resolved lake: location plus, when it is on S3, how to reach it. */
    public record Lake(LakeLocation location, Optional<S3Settings> s3) {

        /**
         * A failure to reach the lake as one sentence saying where and what to check: an S3 endpoint that
         * refuses connections, wrong credentials and a missing bucket otherwise surface as a stack trace of
         * the Hadoop client.
         */
        public JobRunner.JobFailure accessFailure(String action, Exception e) {
            String where = location.root() + s3.map(s -> " (endpoint " + s.endpoint().orElse("AWS S3") + ")").orElse("");
            String text = String.valueOf(e);
            String hint;
            if (e instanceof java.nio.file.AccessDeniedException || text.contains("403") || text.contains("AccessDenied")
                    || text.contains("InvalidAccessKeyId") || text.contains("SignatureDoesNotMatch")) {
                hint = "the lake refused the credentials: check " + RuntimeEnv.S3_ACCESS_KEY_ID + " and "
                        + RuntimeEnv.S3_SECRET_ACCESS_KEY;
            } else if (text.contains("NoSuchBucket") || text.contains("UnknownStoreException")
                    || text.contains("does not exist")) {
                hint = "the bucket does not exist: check " + RuntimeEnv.LAKE_BUCKET + " or --" + LAKE;
            } else {
                hint = "check " + RuntimeEnv.S3_ENDPOINT + " and that the S3 server is up";
            }
            String cause = text.lines().findFirst().orElse(text);
            return new JobRunner.JobFailure("Cannot " + action + " the lake at " + where + ": " + hint + " (" + cause + ")");
        }
    }

    public static Lake resolve(JobArgs args, Map<String, String> env) {
        LakeLayout layout = new LakeLayout(args.option(RAW_ROOT).orElse(LakeLayout.DEFAULT_RAW_ROOT),
                args.option(PROCESSED_ROOT).orElse(LakeLayout.DEFAULT_PROCESSED_ROOT));
        Optional<String> endpoint = args.option(S3_ENDPOINT).or(() -> nonBlank(env.get(RuntimeEnv.S3_ENDPOINT)));
        Optional<String> bucket = nonBlank(env.get(RuntimeEnv.LAKE_BUCKET));
        // LAKE_BUCKET alone is the S3 lake on AWS itself (no endpoint): what a pod on EKS is given
        String lakeText = args.option(LAKE).orElseGet(() -> {
            if (endpoint.isEmpty() && bucket.isEmpty()) {
                throw new JobArgs.UsageException("No lake location: pass --lake s3a://BUCKET or a local directory, "
                        + "or set " + RuntimeEnv.LAKE_BUCKET + " (and " + RuntimeEnv.S3_ENDPOINT
                        + " unless the lake is on AWS S3 itself) for the S3 lake");
            }
            return "s3a://" + bucket.orElse(RuntimeEnv.DEFAULT_BUCKET);
        });
        LakeLocation location;
        try {
            location = LakeLocation.parse(lakeText, layout);
        } catch (IllegalArgumentException e) {
            throw new JobArgs.UsageException(e.getMessage());
        }
        if (!location.isS3()) {
            return new Lake(location, Optional.empty());
        }
        String region = args.option(S3_REGION).or(() -> nonBlank(env.get(RuntimeEnv.S3_REGION)))
                .orElse(RuntimeEnv.DEFAULT_REGION);
        boolean pathStyle = Boolean.parseBoolean(args.option(S3_PATH_STYLE)
                .or(() -> nonBlank(env.get(RuntimeEnv.S3_PATH_STYLE)))
                .orElse(String.valueOf(endpoint.isPresent())));
        Optional<String> keyId = args.option(S3_ACCESS_KEY_ID).or(() -> nonBlank(env.get(RuntimeEnv.S3_ACCESS_KEY_ID)));
        Optional<String> secret = args.option(S3_SECRET_ACCESS_KEY_FILE).map(LakeOptions::readSecret)
                .or(() -> nonBlank(env.get(RuntimeEnv.S3_SECRET_ACCESS_KEY)));
        if (keyId.isPresent() != secret.isPresent()) {
            throw new JobArgs.UsageException("S3 credentials are incomplete: give both the access key id ("
                    + RuntimeEnv.S3_ACCESS_KEY_ID + ") and the secret (" + RuntimeEnv.S3_SECRET_ACCESS_KEY
                    + " or --" + S3_SECRET_ACCESS_KEY_FILE + "), or neither for the default AWS chain");
        }
        return new Lake(location, Optional.of(new S3Settings(endpoint, region, pathStyle, keyId, secret)));
    }

    private static String readSecret(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new JobArgs.UsageException("Cannot read --" + S3_SECRET_ACCESS_KEY_FILE + " " + file + ": " + e.getMessage());
        }
    }

    private static Optional<String> nonBlank(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}

package dev.stockpipe.local;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RunManifest;
import dev.stockpipe.contracts.RuntimeEnv;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads the lake through the S3 API: run manifests, raw objects, their JSON lines. */
final class LakeReader implements AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final LakeLayout layout = LakeLayout.DEFAULT;

    LakeReader(Map<String, String> env) {
        this.bucket = env.getOrDefault(RuntimeEnv.LAKE_BUCKET, RuntimeEnv.DEFAULT_BUCKET);
        this.s3 = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(require(env, RuntimeEnv.S3_ENDPOINT)))
                .region(Region.of(env.getOrDefault(RuntimeEnv.S3_REGION, RuntimeEnv.DEFAULT_REGION)))
                .forcePathStyle(Boolean.parseBoolean(env.getOrDefault(RuntimeEnv.S3_PATH_STYLE, "true")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        require(env, RuntimeEnv.S3_ACCESS_KEY_ID), require(env, RuntimeEnv.S3_SECRET_ACCESS_KEY))))
                .build();
    }

    private static String require(Map<String, String> env, String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            throw new PipelineFailure(key + " is not set: the lake cannot be reached");
        }
        return v;
    }

    String bucket() {
        return bucket;
    }

    Optional<RunManifest> manifest(String runId) {
        try {
            byte[] bytes = s3.getObject(b -> b.bucket(bucket).key(layout.manifestKey(runId)), ResponseTransformer.toBytes()).asByteArray();
            return Optional.of(JsonCodec.parseManifest(bytes));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Polls until the manifest of the run exists, failing after {@code timeout} with what was seen. */
    RunManifest awaitManifest(String runId, Duration timeout) {
        return poll(timeout, () -> manifest(runId),
                () -> "no manifest " + layout.manifestKey(runId) + " in bucket " + bucket + " after " + timeout.toSeconds()
                        + " s: is the lake-writer running and consuming stock.historical?");
    }

    List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
        return keys;
    }

    /** The bytes of one object. */
    byte[] get(String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
    }

    /** Every JSON line of every raw object under {@code prefix}. */
    List<byte[]> rawLines(String prefix) {
        List<byte[]> lines = new ArrayList<>();
        for (String key : keys(prefix)) {
            if (!key.endsWith(LakeLayout.RAW_SUFFIX)) {
                continue;
            }
            byte[] gz = s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + key, e);
            }
        }
        return lines;
    }

    static <T> T poll(Duration timeout, Supplier<Optional<T>> probe, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new PipelineFailure(failure.get());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PipelineFailure("interrupted while waiting: " + failure.get());
            }
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}

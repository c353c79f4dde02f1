package dev.stockpipe.bench;

import dev.stockpipe.contracts.RuntimeEnv;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The devstack's S3 lake as the benchmark sees it: listings (visibility), object reads, uploads of prepared data. */
final class Lake implements AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    Lake(Map<String, String> env) {
        this.bucket = env.getOrDefault(RuntimeEnv.LAKE_BUCKET, RuntimeEnv.DEFAULT_BUCKET);
        this.s3 = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(env.get(RuntimeEnv.S3_ENDPOINT)))
                .region(Region.of(env.getOrDefault(RuntimeEnv.S3_REGION, RuntimeEnv.DEFAULT_REGION)))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.get(RuntimeEnv.S3_ACCESS_KEY_ID), env.get(RuntimeEnv.S3_SECRET_ACCESS_KEY))))
                .build();
    }

    List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
        return keys;
    }

    /** The non-blank lines of a gzipped JSON-lines object. */
    List<String> gzLines(String key) {
        byte[] gz = s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
    }

    void put(String key, byte[] body) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    void put(String key, Path file) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    @Override
    public void close() {
        s3.close();
    }
}

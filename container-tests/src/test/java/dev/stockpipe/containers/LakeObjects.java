package dev.stockpipe.containers;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RuntimeEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The devstack lake seen from the test: raw objects written and read as the lake-writer lands them. */
final class LakeObjects implements AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    LakeObjects(Map<String, String> env) {
        this.bucket = env.get(RuntimeEnv.LAKE_BUCKET);
        this.s3 = S3Client.builder()
                .endpointOverride(URI.create(env.get(RuntimeEnv.S3_ENDPOINT)))
                .region(Region.of(env.get(RuntimeEnv.S3_REGION)))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.get(RuntimeEnv.S3_ACCESS_KEY_ID), env.get(RuntimeEnv.S3_SECRET_ACCESS_KEY))))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    String rawRealtimePrefix() {
        return LakeLayout.DEFAULT.rawRealtimeRoot();
    }

    List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key)
                .forEach(keys::add);
        return keys;
    }

    /** Every line of every raw ({@code .jsonl.gz}) object under the prefix. */
    List<byte[]> lines(String prefix) {
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
                throw new UncheckedIOException(key, e);
            }
        }
        return lines;
    }

    /** A raw object as the lake-writer writes it: gzipped JSON lines under {@code key}. */
    void putRaw(String key, List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (String line : lines) {
                gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes.toByteArray()));
    }

    @Override
    public void close() {
        s3.close();
    }
}

package dev.stockpipe.warehouse.support;

import dev.stockpipe.devstack.StackEndpoints;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Test-side access to the devstack's S3 server: upload fixtures, empty the processed zone. */
public final class Lake implements AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    public Lake(StackEndpoints stack) {
        this.s3 = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(stack.s3Endpoint()))
                .region(Region.of(stack.s3Region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .build();
        this.bucket = stack.bucket();
    }

    public void put(String key, Path file) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), file);
    }

    public void put(String key, String text) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(),
                software.amazon.awssdk.core.sync.RequestBody.fromString(text));
    }

    public void deleteAll(String prefix) {
        var keys = s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                .contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
        if (!keys.isEmpty()) {
            s3.deleteObjects(DeleteObjectsRequest.builder().bucket(bucket)
                    .delete(Delete.builder().objects(keys).build()).build());
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}

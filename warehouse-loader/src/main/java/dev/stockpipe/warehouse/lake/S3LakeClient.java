package dev.stockpipe.warehouse.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lake through the S3 API with the AWS SDK v2 (works with AWS, MinIO and S3Proxy). DuckDB's
 * own S3 support needs an extension download that is not possible everywhere, so objects are
 * fetched here and read locally.
 */
public final class S3LakeClient implements LakeClient {

    private final S3Client s3;
    private final String bucket;

    public S3LakeClient(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle());
        settings.endpoint().ifPresent(builder::endpointOverride);
        builder.credentialsProvider(settings.credentialsProvider());
        this.s3 = builder.build();
        this.bucket = settings.bucket();
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try {
            List<String> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                    .contents().stream().map(S3Object::key).forEach(keys::add);
            keys.sort(null);
            return keys;
        } catch (SdkException e) {
            throw new IOException("Could not list " + describe(prefix) + "; check S3_ENDPOINT, the credentials and "
                    + "that bucket '" + bucket + "' exists", e);
        }
    }

    @Override
    public void download(String key, Path target) throws IOException {
        try {
            Files.deleteIfExists(target);
            s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(), target);
        } catch (SdkException e) {
            throw new IOException("Could not download " + describe(key), e);
        }
    }

    @Override
    public String describe(String prefix) {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        s3.close();
    }
}

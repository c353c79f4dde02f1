package dev.stockpipe.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Creates a bucket over the S3 API with one SigV4-signed, path-style {@code PUT /bucket}, using
 * only the JDK: devstack must not put an AWS SDK on its consumers' classpaths (Quarkus modules
 * bring their own). Used for MinIO in {@link TestcontainersDevStack}; S3Proxy children create
 * their buckets themselves.
 */
final class S3BucketCreator {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;

    S3BucketCreator(String endpoint, String region, String accessKey, String secretKey) {
        this.endpoint = URI.create(endpoint);
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Creates the bucket; one that already exists (and is ours) counts as created. */
    void ensureBucket(String bucket) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String amzDate = AMZ_DATE.format(now);
        String day = amzDate.substring(0, 8);
        String host = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        String path = "/" + bucket;

        String canonicalRequest = "PUT\n" + path + "\n\n"
                + "host:" + host + "\n"
                + "x-amz-content-sha256:" + EMPTY_SHA256 + "\n"
                + "x-amz-date:" + amzDate + "\n\n"
                + "host;x-amz-content-sha256;x-amz-date\n"
                + EMPTY_SHA256;
        String scope = day + "/" + region + "/s3/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
        byte[] signingKey = hmac(hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day), region), "s3"), "aws4_request");
        String signature = hex(hmac(signingKey, stringToSign));

        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("x-amz-date", amzDate)
                .header("x-amz-content-sha256", EMPTY_SHA256)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                        + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Could not reach " + endpoint + " to create bucket " + bucket + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating bucket " + bucket + ".", e);
        }
        boolean alreadyOurs = response.statusCode() == 409 && response.body().contains("BucketAlreadyOwnedByYou");
        if (response.statusCode() / 100 != 2 && !alreadyOurs) {
            throw new IllegalStateException("Creating bucket " + bucket + " at " + endpoint + " failed with HTTP "
                    + response.statusCode() + ": " + response.body());
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK.", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK.", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

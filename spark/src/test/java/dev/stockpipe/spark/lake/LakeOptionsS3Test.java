package dev.stockpipe.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.contracts.job.JobArgs;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.AWSCredentialProviderList;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.junit.jupiter.api.Test;

/**
 * The S3 rule of the Spark jobs, from the shared environment variables to the s3a keys: no endpoint =
 * AWS S3 itself (no endpoint key, virtual-hosted), both static keys = those keys, neither = the AWS default
 * credentials chain, one = a usage error naming both. {@code S3DefaultChainTest} shows the chain reaching
 * a real S3 server.
 */
class LakeOptionsS3Test {

    static final String BUCKET = "stock-lake";
    static final String P = "fs.s3a.bucket." + BUCKET + ".";

    @Test
    void lakeBucketAloneMeansTheLakeOnAwsS3WithTheDefaultChain() {
        LakeOptions.Lake lake = resolve(Map.of("LAKE_BUCKET", BUCKET));
        assertThat(lake.location().root()).startsWith("s3a://" + BUCKET);
        S3Settings s3 = lake.s3().orElseThrow();
        assertThat(s3.endpoint()).isEmpty();
        Map<String, String> conf = s3.hadoopConf(BUCKET);
        assertThat(conf).doesNotContainKey(P + "endpoint")
                .containsEntry(P + "path.style.access", "false")
                .containsEntry(P + "endpoint.region", "us-east-1")
                .containsEntry(P + "aws.credentials.provider", S3Settings.DEFAULT_CHAIN)
                .doesNotContainKeys(P + "access.key", P + "secret.key");
    }

    @Test
    void bothKeysWithoutEndpointSignWithThemAgainstAws() {
        Map<String, String> conf = resolve(Map.of("LAKE_BUCKET", BUCKET, "S3_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "S3_SECRET_ACCESS_KEY", "secret-example", "S3_REGION", "eu-west-1")).s3().orElseThrow().hadoopConf(BUCKET);
        assertThat(conf).doesNotContainKey(P + "endpoint")
                .containsEntry(P + "path.style.access", "false")
                .containsEntry(P + "endpoint.region", "eu-west-1")
                .containsEntry(P + "aws.credentials.provider", S3Settings.STATIC_KEYS)
                .containsEntry(P + "access.key", "AKIDEXAMPLE")
                .containsEntry(P + "secret.key", "secret-example");
    }

    @Test
    void anEndpointIsUsedPathStyleByDefaultWithOrWithoutKeys() {
        Map<String, String> withKeys = resolve(Map.of("S3_ENDPOINT", "http://minio:9000", "S3_ACCESS_KEY_ID", "k",
                "S3_SECRET_ACCESS_KEY", "s")).s3().orElseThrow().hadoopConf(BUCKET);
        assertThat(withKeys).containsEntry(P + "endpoint", "http://minio:9000")
                .containsEntry(P + "connection.ssl.enabled", "false")
                .containsEntry(P + "path.style.access", "true")
                .containsEntry(P + "aws.credentials.provider", S3Settings.STATIC_KEYS);
        Map<String, String> withoutKeys = resolve(Map.of("S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com",
                "S3_PATH_STYLE", "false")).s3().orElseThrow().hadoopConf(BUCKET);
        assertThat(withoutKeys).containsEntry(P + "connection.ssl.enabled", "true")
                .containsEntry(P + "path.style.access", "false")
                .containsEntry(P + "aws.credentials.provider", S3Settings.DEFAULT_CHAIN);
    }

    @Test
    void emptyVariablesCountAsUnset() {
        S3Settings s3 = resolve(Map.of("LAKE_BUCKET", BUCKET, "S3_ENDPOINT", "", "S3_PATH_STYLE", "",
                "S3_ACCESS_KEY_ID", "", "S3_SECRET_ACCESS_KEY", "")).s3().orElseThrow();
        assertThat(s3.endpoint()).isEmpty();
        assertThat(s3.pathStyle()).isFalse();
        assertThat(s3.hadoopConf(BUCKET)).containsEntry(P + "aws.credentials.provider", S3Settings.DEFAULT_CHAIN);
    }

    @Test
    void onlyOneOfTheKeysIsAUsageErrorNamingBoth() {
        for (Map<String, String> env : java.util.List.of(Map.of("LAKE_BUCKET", BUCKET, "S3_ACCESS_KEY_ID", "k"),
                Map.of("S3_ENDPOINT", "http://minio:9000", "S3_SECRET_ACCESS_KEY", "s"))) {
            assertThatThrownBy(() -> resolve(env)).isInstanceOf(JobArgs.UsageException.class)
                    .hasMessageContaining("S3 credentials are incomplete")
                    .hasMessageContaining("S3_ACCESS_KEY_ID").hasMessageContaining("S3_SECRET_ACCESS_KEY");
        }
    }

    @Test
    void noLakeAtAllIsAUsageError() {
        assertThatThrownBy(() -> resolve(Map.of())).isInstanceOf(JobArgs.UsageException.class)
                .hasMessageStartingWith("No lake location: pass --lake");
    }

    @Test
    void hadoopBuildsTheDefaultChainFromTheBucketSettings() throws Exception {
        Configuration conf = new Configuration(false);
        resolve(Map.of("LAKE_BUCKET", BUCKET)).s3().orElseThrow().hadoopConf(BUCKET).forEach(conf::set);
        try (AWSCredentialProviderList providers = S3AUtils.createAWSCredentialProviderSet(URI.create("s3a://" + BUCKET),
                S3AUtils.propagateBucketOptions(conf, BUCKET))) {
            assertThat(providers.listProviderNames()).contains("DefaultAWSCredentialsProviderChain");
        }
    }

    static LakeOptions.Lake resolve(Map<String, String> env) {
        return LakeOptions.resolve(JobArgs.parse(new String[0], Set.of(), LakeOptions.OPTIONS), env);
    }
}

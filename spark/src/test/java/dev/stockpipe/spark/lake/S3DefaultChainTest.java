package dev.stockpipe.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.devstack.DevStack;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without {@code S3_ACCESS_KEY_ID}/{@code S3_SECRET_ACCESS_KEY} the jobs sign with the AWS default
 * credentials chain: here its system-property step ({@code aws.accessKeyId}/{@code aws.secretKey}) carries
 * devstack's keys to a real S3 server over s3a, the way IRSA's web identity step or an instance role would on
 * AWS. Hadoop's file system directly, no Spark session: the credentials are all that is under test.
 */
class S3DefaultChainTest {

    static final String BUCKET = "default-chain-lake";
    private static DevStack stack;

    @BeforeAll
    static void start() {
        stack = DevStack.builder().withKafka(false).buckets(BUCKET).build().start();
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretKey");
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theDefaultChainReachesTheLakeWhenNoStaticKeysAreSet() throws Exception {
        Map<String, String> env = Map.of("S3_ENDPOINT", stack.s3Endpoint(), "S3_REGION", stack.s3Region(),
                "LAKE_BUCKET", BUCKET);
        S3Settings s3 = LakeOptions.resolve(dev.stockpipe.contracts.job.JobArgs.parse(new String[0], Set.of(),
                LakeOptions.OPTIONS), env).s3().orElseThrow();
        assertThat(s3.hadoopConf(BUCKET)).containsEntry("fs.s3a.bucket." + BUCKET + ".aws.credentials.provider",
                S3Settings.DEFAULT_CHAIN);

        Configuration conf = new Configuration();
        s3.hadoopConf(BUCKET).forEach(conf::set);
        conf.set("fs.s3a.attempts.maximum", "1");
        conf.set("fs.s3a.retry.limit", "1");
        Path file = new Path("s3a://" + BUCKET + "/raw/_probe/chain.txt");

        // the keys the chain finds are the ones that sign: wrong ones are refused
        System.setProperty("aws.accessKeyId", stack.s3AccessKey());
        System.setProperty("aws.secretKey", "not-" + stack.s3SecretKey());
        try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf)) {
            assertThatThrownBy(() -> fs.getFileStatus(file)).isInstanceOf(AccessDeniedException.class);
        }

        System.setProperty("aws.secretKey", stack.s3SecretKey());
        try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf)) {
            try (FSDataOutputStream out = fs.create(file, true)) {
                out.write("signed by the default chain".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(fs.getFileStatus(file).getLen()).isEqualTo(27);
        }
    }
}

package dev.stockpipe.warehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.devstack.DevStack;
import dev.stockpipe.devstack.DevStackExtension;
import dev.stockpipe.devstack.StackEndpoints;
import dev.stockpipe.warehouse.lake.S3LakeClient;
import dev.stockpipe.warehouse.lake.S3Settings;
import dev.stockpipe.warehouse.support.Lake;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without {@code S3_ACCESS_KEY_ID}/{@code S3_SECRET_ACCESS_KEY} the loader signs with the AWS default
 * credentials chain: here its system-property step ({@code aws.accessKeyId}/{@code aws.secretAccessKey})
 * carries devstack's keys to a real S3 server, the way IRSA's web identity step or an instance role would on
 * AWS; keys the chain finds but the server does not know are refused.
 */
class S3DefaultChainIT {

    @RegisterExtension
    static final DevStackExtension STACK = new DevStackExtension(DevStack.builder().withKafka(false));

    @AfterEach
    void clearChain() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void theDefaultChainSignsWhenNoStaticKeysAreSet(StackEndpoints stack) throws Exception {
        try (Lake lake = new Lake(stack)) {
            lake.put("processed/_probe/chain.txt", "signed by the default chain");
        }
        S3Settings settings = S3Settings.fromEnv(Map.of("S3_ENDPOINT", stack.s3Endpoint(), "S3_REGION", stack.s3Region(),
                "LAKE_BUCKET", stack.bucket()));
        assertThat(settings.accessKeyId()).isEmpty();

        System.setProperty("aws.accessKeyId", stack.s3AccessKey());
        System.setProperty("aws.secretAccessKey", "not-" + stack.s3SecretKey());
        try (S3LakeClient client = new S3LakeClient(settings)) {
            assertThatThrownBy(() -> client.list("processed/_probe/")).isInstanceOf(IOException.class);
        }

        System.setProperty("aws.secretAccessKey", stack.s3SecretKey());
        try (S3LakeClient client = new S3LakeClient(settings)) {
            assertThat(client.list("processed/_probe/")).containsExactly("processed/_probe/chain.txt");
        }
    }
}

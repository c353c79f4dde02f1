package dev.stockpipe.devstack;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.stockpipe.contracts.Topics;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Testcontainers variant of devstack against a real Docker engine. {@code ./pipeline test} starts
 * one and sets {@value #REQUIRED} (and the images: local stand-ins of apache/kafka and MinIO where no
 * registry answers, {@code DEVSTACK_KAFKA_IMAGE} / {@code DEVSTACK_MINIO_IMAGE}), so there a missing
 * engine fails the test; a plain {@code ./mvnw verify} without an engine skips it, saying so.
 */
class TestcontainersDevStackTest {

    static final String REQUIRED = "STOCKPIPE_CONTAINER_TESTS";

    @Test
    void containersServeTheSameRoundTrips() throws Exception {
        boolean required = "1".equals(System.getenv(REQUIRED));
        if (required) {
            assertThat(TestcontainersDevStack.dockerAvailable()).as("%s=1 but no Docker engine answers", REQUIRED).isTrue();
        }
        assumeTrue(TestcontainersDevStack.dockerAvailable(),
                "no Docker engine (set " + REQUIRED + "=1, as ./pipeline test does, to require one)");

        try (TestcontainersDevStack stack = TestcontainersDevStack.start(DevStack.builder().partitions(1));
             S3Client s3 = TestClients.s3(stack)) {
            TestClients.sendAll(stack, Topics.REALTIME, Map.of("AAPL", "tick"));
            List<ConsumerRecord<String, String>> records = TestClients.readAll(stack, Topics.REALTIME, 1);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("tick");

            s3.putObject(b -> b.bucket(stack.bucket()).key("k"), RequestBody.fromString("v"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("k")).asUtf8String()).isEqualTo("v");
        }
    }
}

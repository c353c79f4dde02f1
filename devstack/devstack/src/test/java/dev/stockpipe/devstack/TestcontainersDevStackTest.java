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

/** Runs only where a Docker engine exists; skipped (not failed) elsewhere. */
class TestcontainersDevStackTest {

    @Test
    void containersServeTheSameRoundTrips() throws Exception {
        assumeTrue(TestcontainersDevStack.dockerAvailable(), "no Docker engine: the Testcontainers variant is not exercised here");

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

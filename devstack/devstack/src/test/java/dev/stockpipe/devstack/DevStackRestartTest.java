package dev.stockpipe.devstack;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stockpipe.contracts.Topics;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fault injection: each server stopped or killed comes back on the same port with its data. */
class DevStackRestartTest {

    @RegisterExtension
    static final DevStackExtension STACK = new DevStackExtension(DevStack.builder().partitions(2).topics(List.of(Topics.HISTORICAL)));

    @Test
    void brokerKeepsItsRecordsAcrossAGracefulStopAndAKill(DevStack stack) throws Exception {
        String bootstrap = stack.kafkaBootstrapServers();
        TestClients.sendAll(stack, Topics.HISTORICAL, records("before-stop", 5));

        stack.stopKafka();
        assertThat(stack.isKafkaRunning()).isFalse();
        assertThat(TestClients.acceptsConnections(stack.kafkaPort())).isFalse();

        stack.startKafka();
        assertThat(stack.kafkaBootstrapServers()).isEqualTo(bootstrap);
        TestClients.sendAll(stack, Topics.HISTORICAL, records("before-kill", 5));

        stack.killKafka();
        assertThat(stack.isKafkaRunning()).isFalse();
        assertThat(TestClients.acceptsConnections(stack.kafkaPort())).isFalse();

        stack.startKafka();
        assertThat(stack.isKafkaRunning()).isTrue();
        TestClients.sendAll(stack, Topics.HISTORICAL, records("after-kill", 5));

        List<ConsumerRecord<String, String>> all = TestClients.readAll(stack, Topics.HISTORICAL, 15);
        assertThat(all).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(
                concat(records("before-stop", 5), records("before-kill", 5), records("after-kill", 5)).values());
    }

    @Test
    void s3ServerKeepsItsObjectsAcrossAGracefulStopAndAKill(DevStack stack) {
        String endpoint = stack.s3Endpoint();
        try (S3Client s3 = TestClients.s3(stack)) {
            s3.putObject(b -> b.bucket(stack.bucket()).key("raw/one.jsonl"), RequestBody.fromString("one"));

            stack.stopS3();
            assertThat(TestClients.acceptsConnections(stack.s3Port())).isFalse();
            stack.startS3();
            assertThat(stack.s3Endpoint()).isEqualTo(endpoint);
            s3.putObject(b -> b.bucket(stack.bucket()).key("raw/two.jsonl"), RequestBody.fromString("two"));

            stack.killS3();
            assertThat(stack.isS3Running()).isFalse();
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("raw/one.jsonl")))
                    .isInstanceOf(SdkClientException.class);

            stack.startS3();
            assertThat(s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix("raw/")).contents())
                    .extracting(S3Object::key).containsExactly("raw/one.jsonl", "raw/two.jsonl");
            assertThat(s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("raw/two.jsonl")).asString(StandardCharsets.UTF_8))
                    .isEqualTo("two");
        }
    }

    @Test
    void startingARunningServerIsRefused(DevStack stack) {
        assertThatThrownBy(stack::startS3).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        assertThat(stack.isS3Running()).isTrue();
    }

    private static Map<String, String> records(String prefix, int count) {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            records.put("SYM" + i, prefix + "-" + i);
        }
        return records;
    }

    @SafeVarargs
    private static Map<String, String> concat(Map<String, String>... parts) {
        Map<String, String> all = new LinkedHashMap<>();
        for (Map<String, String> part : parts) {
            part.forEach((key, value) -> all.put(value, value));
        }
        return all;
    }
}

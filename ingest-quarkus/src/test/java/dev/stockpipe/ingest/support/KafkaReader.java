package dev.stockpipe.ingest.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning with a real consumer until a condition on the records holds.
 * By default it sees committed records only, as the lake-writer should; {@link #everything} also
 * shows records of aborted transactions.
 */
public final class KafkaReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    public KafkaReader(String bootstrap, String topic) {
        this(bootstrap, topic, "read_committed");
    }

    private KafkaReader(String bootstrap, String topic, String isolation) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** A reader that also returns records of aborted (and still open) transactions: {@code read_uncommitted}. */
    public static KafkaReader everything(String bootstrap, String topic) {
        return new KafkaReader(bootstrap, topic, "read_uncommitted");
    }

    /** Polls until {@code done} holds for all records read so far; returns them. */
    public List<ConsumerRecord<String, byte[]>> readUntil(Predicate<List<ConsumerRecord<String, byte[]>>> done,
            Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return done.test(records);
        });
        return List.copyOf(records);
    }

    /** Polls until this consumer has read up to the current end of every partition; returns everything read. */
    public List<ConsumerRecord<String, byte[]>> readToEnd(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            Set<TopicPartition> assigned = consumer.assignment();
            if (assigned.isEmpty()) {
                return false;
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            return assigned.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        });
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

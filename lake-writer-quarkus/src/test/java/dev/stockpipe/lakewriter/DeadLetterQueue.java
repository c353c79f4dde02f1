package dev.stockpipe.lakewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stockpipe.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code stock.dlq} back, keyed by the source each DLQ record names ({@code topic/partition/offset}). */
final class DeadLetterQueue {

    private DeadLetterQueue() {
    }

    /** Reads the DLQ from its beginning until it holds a record for every one of {@code sources}. */
    static Map<String, ConsumerRecord<String, byte[]>> awaitSources(String bootstrap, Collection<String> sources, Duration atMost) {
        Map<String, ConsumerRecord<String, byte[]>> bySource = new HashMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DLQ).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(atMost).ignoreExceptions().untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    bySource.put(source(r), r);
                }
                assertThat(bySource.keySet()).containsAll(sources);
            });
        }
        return bySource;
    }

    static String source(ConsumerRecord<?, ?> r) {
        return header(r, Topics.HEADER_DLQ_TOPIC) + "/" + header(r, Topics.HEADER_DLQ_PARTITION) + "/"
                + header(r, Topics.HEADER_DLQ_OFFSET);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

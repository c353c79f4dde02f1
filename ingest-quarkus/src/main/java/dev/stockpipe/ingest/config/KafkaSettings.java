package dev.stockpipe.ingest.config;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The {@code kafka.*} configuration (bootstrap servers, security, timeouts, {@code acks},
 * idempotence) for the clients ingest creates itself rather than through a SmallRye channel:
 * the readiness probe's admin client and each backfill run's transactional producer. Each gets
 * only the keys its client type knows, so Kafka does not warn about unused settings.
 */
@ApplicationScoped
public class KafkaSettings {

    private final Map<String, Object> kafka;

    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = Map.copyOf(kafka);
    }

    /** The broker list operators set with {@code KAFKA_BOOTSTRAP_SERVERS}; named in error messages. */
    public String bootstrapServers() {
        return String.valueOf(kafka.getOrDefault(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"));
    }

    /** The producer's {@code max.block.ms}: how long connecting and metadata calls wait for an absent broker. */
    public Duration maxBlock() {
        Object v = kafka.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        return Duration.ofMillis(v == null || v.toString().isBlank() ? 60_000 : Long.parseLong(v.toString().trim()));
    }

    public Map<String, Object> forAdmin() {
        return only(AdminClientConfig.configNames());
    }

    public Map<String, Object> forProducer() {
        return only(ProducerConfig.configNames());
    }

    private Map<String, Object> only(Set<String> names) {
        Map<String, Object> out = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (names.contains(k) && v != null && !v.toString().isBlank()) {
                out.put(k, v);
            }
        });
        return out;
    }
}

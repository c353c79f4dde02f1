package dev.stockpipe.ingest.publish;

import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.config.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates the transactional producer of one backfill run. Its {@code transactional.id} is derived
 * from the run id, so a rerun of the same run id fences the earlier attempt's producer and makes
 * the broker abort whatever that attempt left open — at once, not after the transaction timeout.
 * Not a SmallRye channel: a channel has one producer with one transactional id for the service's
 * lifetime, which could neither fence a crashed attempt of the same run nor run a job beside the
 * service.
 */
@ApplicationScoped
public class RunProducers {

    /** Prefix of every run's {@code transactional.id} (and client id); ACLs can grant it as a prefix. */
    public static final String TRANSACTIONAL_ID_PREFIX = "ingest-historical-";

    private final KafkaSettings kafka;
    private final IngestConfig.Historical config;

    public RunProducers(KafkaSettings kafka, IngestConfig config) {
        this.kafka = kafka;
        this.config = config.historical();
    }

    /** A new, not yet initialised producer for {@code runId}; {@link RunTransaction#begin} initialises it. */
    public Producer<String, byte[]> create(String runId) {
        return new KafkaProducer<>(settings(runId), new StringSerializer(), new ByteArraySerializer());
    }

    /** What {@link #create} builds the run's producer from (public for the test that security settings reach it). */
    public Map<String, Object> settings(String runId) {
        return settings(kafka.forProducer(), config, runId);
    }

    /** The producer settings of a run: {@code kafka.*}, the historical tuning, and the run's transaction. */
    static Map<String, Object> settings(Map<String, Object> kafka, IngestConfig.Historical config, String runId) {
        Map<String, Object> s = new java.util.HashMap<>(kafka);
        s.put(ProducerConfig.CLIENT_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + runId);
        s.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + runId);
        s.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
        s.put(ProducerConfig.ACKS_CONFIG, "all");
        s.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        s.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        // a broker outage shorter than the ack timeout is ridden out by the producer's own retries
        int ackTimeoutMs = (int) config.ackTimeout().toMillis();
        int requestTimeoutMs = Integer.parseInt(String.valueOf(s.getOrDefault(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000)));
        s.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(ackTimeoutMs, requestTimeoutMs + config.lingerMs()));
        // keep the topic's metadata through an outage: by default (rebootstrap) a client that lost its only
        // broker forgets it, the next send waits max.block.ms for metadata, fails, and that dooms the transaction
        s.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        s.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        s.put(ProducerConfig.LINGER_MS_CONFIG, config.lingerMs());
        s.put(ProducerConfig.BATCH_SIZE_CONFIG, config.batchSize());
        return s;
    }

    /** For error messages: where the run's producer connects. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}

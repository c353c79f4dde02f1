package dev.stockpipe.ingest.publish;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

/**
 * Keeps retries inside the idempotent Kafka producer and out of the connector.
 *
 * <p>SmallRye's Kafka sink reads the channel's {@code retries} attribute twice: as the producer's
 * {@code retries} and as its own resend policy, which sends a record again as a <em>new</em>
 * produce request after a failure — a duplicate whenever the first attempt had in fact been written.
 * The realtime channel sets {@code retries=0} to turn the connector's resend off; this customizer
 * puts the producer's own retries back (idempotence requires them, and they never duplicate).
 * Backfill runs do not use a channel: their transactional producers are configured by
 * {@link RunProducers}.
 */
@ApplicationScoped
public class ProducerRetries implements ClientCustomizer<Map<String, Object>> {

    static final Set<String> CHANNELS = Set.of(Channels.REALTIME_OUT);

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        if (CHANNELS.contains(channel)) {
            config.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
        }
        return config;
    }
}

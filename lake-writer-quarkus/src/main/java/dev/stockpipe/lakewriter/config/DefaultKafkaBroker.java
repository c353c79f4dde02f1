package dev.stockpipe.lakewriter.config;

import io.quarkus.kafka.client.runtime.KafkaRuntimeConfigProducer;
import io.quarkus.runtime.ApplicationConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The {@code kafka.*} settings every Kafka client of the service starts from (the SmallRye channels read
 * this bean; {@code GroupDeparture}'s admin client copies the consumer's settings), without the keys whose
 * value is empty. application.properties maps each optional setting from the environment with an empty default ({@code ${KAFKA_SSL_KEYSTORE_TYPE:}}),
 * and an environment may set a variable to an empty string; Quarkus' own bean hands such keys to the
 * clients as {@code ""}, which Kafka does not treat as unset: {@code ssl.keystore.type=""} or
 * {@code ssl.keystore.location=""} makes the client fail to start ("Failed to load SSL keystore … of type ").
 * Replaces Quarkus' bean of the same identifier (that one is a default bean).
 */
@Singleton
public class DefaultKafkaBroker {

    @Produces
    @Singleton
    @Identifier("default-kafka-broker")
    Map<String, Object> nonBlank(Config config, ApplicationConfig application) {
        return withoutBlankValues(new KafkaRuntimeConfigProducer().createKafkaRuntimeConfig(config, application));
    }

    static Map<String, Object> withoutBlankValues(Map<String, Object> settings) {
        settings.values().removeIf(v -> v == null || v.toString().isBlank());
        return settings;
    }
}

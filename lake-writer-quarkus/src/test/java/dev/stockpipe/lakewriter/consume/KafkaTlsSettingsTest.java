package dev.stockpipe.lakewriter.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.lakewriter.TestKeyStores;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * The Kafka TLS variables the prod overlay sets (Strimzi with mTLS) reach every Kafka client of the writer:
 * the {@code raw-in} consumer, the {@code dlq-out} producer and the admin client {@link GroupDeparture}
 * builds from the consumer's settings. The variables are given as configuration under their environment
 * names, so the {@code ${KAFKA_…:}} expressions of application.properties are what is tested; an empty one
 * ({@code KAFKA_SSL_KEYSTORE_TYPE}) must not reach any client (Kafka would fail on {@code ""}). The key stores
 * are real files and each client is created for real, which loads them. No broker answers (127.0.0.1:9) and
 * no S3 server is needed (the bucket is not created).
 */
@QuarkusTest
@TestProfile(KafkaTlsSettingsTest.MutualTls.class)
class KafkaTlsSettingsTest {

    static final TestKeyStores STORES = TestKeyStores.create(Path.of("target", "kafka-tls"));

    public static class MutualTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> env = new HashMap<>();
            env.put("quarkus.http.test-port", "0");
            env.put("quarkus.log.category.\"org.apache.kafka.clients.NetworkClient\".level", "ERROR");
            env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
            env.put("S3_ENDPOINT", "http://127.0.0.1:9");
            env.put("lake.create-bucket", "false");
            env.put("lake.group.leave-on-shutdown", "false");
            env.put("KAFKA_SECURITY_PROTOCOL", "SSL");
            env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", STORES.trustStore().toString());
            env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", STORES.password());
            env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "JKS");
            env.put("KAFKA_SSL_KEYSTORE_LOCATION", STORES.keyStore().toString());
            env.put("KAFKA_SSL_KEYSTORE_PASSWORD", STORES.password());
            env.put("KAFKA_SSL_KEYSTORE_TYPE", "");
            return env;
        }
    }

    @Inject
    KafkaClientService clients;

    @Test
    void everyKafkaClientGetsTheTlsSettingsAndLoadsTheStores() {
        Map<String, ?> consumer = clients.getConsumer(Channels.RAW_IN).configuration();
        assertTls("raw-in consumer", consumer);
        assertTls("dlq-out producer", clients.getProducer(Channels.DLQ_OUT).configuration());
        Map<String, Object> departure = GroupDeparture.adminConfig(consumer);
        assertTls("group departure admin", departure);

        try (Admin admin = Admin.create(departure)) {
            admin.close(Duration.ZERO);
        }
    }

    private static void assertTls(String client, Map<String, ?> config) {
        Map<String, String> text = new HashMap<>();
        config.forEach((key, value) -> text.put(key, String.valueOf(value)));
        assertThat(text).as(client)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", STORES.trustStore().toString())
                .containsEntry("ssl.truststore.password", STORES.password())
                .containsEntry("ssl.truststore.type", "JKS")
                .containsEntry("ssl.keystore.location", STORES.keyStore().toString())
                .containsEntry("ssl.keystore.password", STORES.password())
                .doesNotContainKey("ssl.keystore.type");
    }
}

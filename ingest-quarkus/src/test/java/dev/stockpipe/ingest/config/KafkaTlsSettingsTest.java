package dev.stockpipe.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.ingest.health.KafkaProbe;
import dev.stockpipe.ingest.publish.Channels;
import dev.stockpipe.ingest.publish.RunProducers;
import dev.stockpipe.ingest.support.TestKeyStores;
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
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka TLS variables the prod overlay sets (Strimzi with mTLS) reach every Kafka client ingest
 * creates: the realtime channel's producer, each backfill run's transactional producer and the readiness
 * probe's admin client. The variables are given as configuration under their environment names, so the
 * {@code ${KAFKA_…:}} expressions of application.properties are what is tested; an empty one
 * ({@code KAFKA_SSL_KEYSTORE_TYPE}) must not reach any client. The key stores are real files: each client
 * is created for real, which loads them. No broker answers (127.0.0.1:9), and none is needed.
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
            env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
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

    @Inject
    RunProducers runs;

    @Inject
    KafkaProbe probe;

    @Test
    void everyKafkaClientGetsTheTlsSettingsAndLoadsTheStores() {
        assertTls("realtime channel", clients.getProducer(Channels.REALTIME_OUT).configuration());
        assertTls("backfill run producer", runs.settings("tls-check"));
        assertTls("readiness probe admin", probe.adminSettings());

        try (Producer<String, byte[]> run = runs.create("tls-check")) {
            assertThat(run).isNotNull();
        }
        try (Admin admin = Admin.create(probe.adminSettings())) {
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

package dev.stockpipe.spark.window;

import dev.stockpipe.contracts.RuntimeEnv;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka client's security settings from the environment, named as the Quarkus services read them
 * ({@code KAFKA_SECURITY_PROTOCOL} → {@code security.protocol}, {@code KAFKA_SSL_KEYSTORE_LOCATION} →
 * {@code ssl.keystore.location}, and every other {@code KAFKA_SSL_*} / {@code KAFKA_SASL_*}), as
 * options of Spark's Kafka source and sink ({@code kafka.}-prefixed). So the same k8s patch that gives
 * a service its mTLS identity gives it to the Spark job. Only these prefixes are taken: an unrelated
 * {@code KAFKA_HEAP_OPTS} must not become a client setting. Values are secrets: never print them.
 */
final class KafkaClientEnv {

    private static final String PREFIX = "KAFKA_";

    private KafkaClientEnv() {
    }

    static Map<String, String> sparkOptions(Map<String, String> env) {
        Map<String, String> options = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && !name.equals(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS) && value != null
                    && !value.isBlank() && isClientSecurity(name.substring(PREFIX.length()))) {
                options.put("kafka." + name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return options;
    }

    private static boolean isClientSecurity(String rest) {
        return rest.equals("SECURITY_PROTOCOL") || rest.startsWith("SSL_") || rest.startsWith("SASL_");
    }
}

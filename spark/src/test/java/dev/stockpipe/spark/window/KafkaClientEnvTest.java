package dev.stockpipe.spark.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.job.JobArgs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Spark job takes the same KAFKA_* security settings as the services, and nothing else. */
class KafkaClientEnvTest {

    @Test
    void securitySettingsBecomeKafkaPrefixedOptions() {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "k:9093",
                "KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_KEYSTORE_LOCATION", "/var/run/secrets/stockpipe/kafka/user.p12",
                "KAFKA_SSL_KEYSTORE_PASSWORD", "secret",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "S3_ENDPOINT", "http://s3");

        assertThat(KafkaClientEnv.sparkOptions(env)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kafka.security.protocol", "SSL",
                "kafka.ssl.keystore.location", "/var/run/secrets/stockpipe/kafka/user.p12",
                "kafka.ssl.keystore.password", "secret",
                "kafka.sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void theFeedFollowsKafkaUnlessSwitchedOff() {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092");

        assertThat(config(env, "--lake", "/tmp/l").metricsTopic()).contains("stock.metrics.windows");
        assertThat(config(env, "--lake", "/tmp/l", "--metrics-topic", "t").metricsTopic()).contains("t");
        assertThat(config(env, "--lake", "/tmp/l", "--no-publish").metricsTopic()).isEmpty();
        assertThat(config(Map.of(), "--lake", "/tmp/l").metricsTopic()).isEmpty();
    }

    private static WindowMetricsStream.Config config(Map<String, String> env, String... argv) {
        return WindowMetricsStream.config(JobArgs.parse(argv, WindowMetricsStream.FLAGS, WindowMetricsStream.OPTIONS), env);
    }
}

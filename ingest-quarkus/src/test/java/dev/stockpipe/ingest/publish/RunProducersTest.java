package dev.stockpipe.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.ingest.config.IngestConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunProducersTest {

    static final IngestConfig.Historical HISTORICAL = new IngestConfig.Historical() {
        public String source() {
            return "synthetic";
        }

        public String interval() {
            return "1d";
        }

        public Duration ackTimeout() {
            return Duration.ofMinutes(2);
        }

        public int maxInFlight() {
            return 4096;
        }

        public Duration transactionTimeout() {
            return Duration.ofMinutes(10);
        }

        public String compression() {
            return "zstd";
        }

        public int lingerMs() {
            return 20;
        }

        public int batchSize() {
            return 262144;
        }
    };

    @Test
    void aRunGetsATransactionNamedAfterItsRunIdThatRidesOutOutagesUpToTheAckTimeout() {
        Map<String, Object> s = RunProducers.settings(Map.of("bootstrap.servers", "kafka:9092", "acks", "1",
                "request.timeout.ms", "10000", "max.block.ms", "10000"), HISTORICAL, "daily-2024-01-02");

        assertThat(s).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("transactional.id", "ingest-historical-daily-2024-01-02")
                .containsEntry("client.id", "ingest-historical-daily-2024-01-02")
                .containsEntry("transaction.timeout.ms", 600_000)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("delivery.timeout.ms", 120_000)
                .containsEntry("metadata.recovery.strategy", "none")
                .containsEntry("compression.type", "zstd")
                .containsEntry("linger.ms", 20)
                .containsEntry("batch.size", 262144)
                .containsEntry("max.block.ms", "10000");
    }
}

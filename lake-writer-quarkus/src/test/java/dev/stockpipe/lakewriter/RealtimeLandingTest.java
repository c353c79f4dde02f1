package dev.stockpipe.lakewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeKey;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.devstack.StackEndpoints;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** 100,000 ticks over a real broker land exactly once, each in the hour partition of its event time. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class RealtimeLandingTest {

    static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "GOOGL", "AMZN", "TSLA");
    static final int TICKS = 100_000;

    @InjectDevStack
    StackEndpoints stack;

    @Inject
    S3Client s3;

    @Test
    void hundredThousandTicksLandExactlyOnceInTheirEventHour() throws Exception {
        Instant start = Instant.parse("2024-01-05T13:30:00Z");
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            for (int i = 0; i < TICKS; i++) {
                String symbol = SYMBOLS.get(i % SYMBOLS.size());
                long seq = i / SYMBOLS.size();
                // one tick per symbol per 250 ms: the run spans about 1.4 hours, so objects split by hour
                Tick tick = new Tick(symbol, start.plusMillis(seq * 250), 100 + (i % 50), 10 + i % 7, seq,
                        Tick.SOURCE_SIMULATOR);
                producer.send(new ProducerRecord<>(Topics.REALTIME, symbol, JsonCodec.toBytes(tick)));
            }
            producer.flush();
        }

        // this test's own UTC day: other test classes may share the stack and write other days
        String prefix = LakeContents.realtimeDay(start.atZone(ZoneOffset.UTC).toLocalDate());
        await().atMost(Duration.ofMinutes(3)).ignoreExceptions().pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(LakeContents.lines(s3, stack.bucket(), prefix)).hasSizeGreaterThanOrEqualTo(TICKS));

        List<LakeContents.Line> lines = LakeContents.lines(s3, stack.bucket(), prefix);
        Set<String> distinct = new HashSet<>();
        for (LakeContents.Line line : lines) {
            distinct.add(line.json().get(Fields.SYMBOL).asText() + "#" + line.json().get(Fields.SEQ).asLong());
            LakeKey.RawObject object = (LakeKey.RawObject) LakeLayout.DEFAULT.parse(line.key()).orElseThrow();
            Instant ts = JsonCodec.parseInstant(line.json().get(Fields.TS).asText());
            assertThat(object.utcDay()).isEqualTo(ts.atZone(ZoneOffset.UTC).toLocalDate());
            assertThat(object.utcHour()).isEqualTo(ts.atZone(ZoneOffset.UTC).getHour());
            assertThat(object.topic()).isEqualTo(Topics.REALTIME);
        }
        assertThat(lines).hasSize(TICKS);
        assertThat(distinct).hasSize(TICKS);
        assertThat(LakeContents.keys(s3, stack.bucket(), prefix))
                .anyMatch(k -> k.contains("hour=13/")).anyMatch(k -> k.contains("hour=14/"));
    }

    static KafkaProducer<String, byte[]> producer(StackEndpoints stack) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}

package dev.stockpipe.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.contracts.Validated;
import dev.stockpipe.devstack.DevStackTestResource;
import dev.stockpipe.devstack.InjectDevStack;
import dev.stockpipe.devstack.StackEndpoints;
import dev.stockpipe.ingest.backfill.BackfillProgress;
import dev.stockpipe.ingest.backfill.BackfillRequest;
import dev.stockpipe.ingest.backfill.BackfillResult;
import dev.stockpipe.ingest.backfill.BackfillService;
import dev.stockpipe.ingest.support.KafkaReader;
import dev.stockpipe.ingest.support.WireMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** A synthetic backfill against the real broker: exactly the expected bars, then one marker per partition. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@WithTestResource(WireMockResource.class)
class BackfillIT {

    @InjectDevStack
    StackEndpoints stack;

    @Inject
    BackfillService backfills;

    @Test
    void publishesEveryBarKeyedBySymbolThenOneMarkerPerPartition() {
        String runId = "it-backfill-1";
        LocalDate from = LocalDate.of(2024, 1, 2);
        LocalDate to = LocalDate.of(2024, 1, 31);
        BackfillRequest request = new BackfillRequest("synthetic", List.of("AAPL", "MSFT", "NVDA"), from, to,
                BarInterval.ONE_DAY, runId);

        BackfillResult result = backfills.run(request, new BackfillProgress(runId, request));

        int weekdays = dev.stockpipe.contracts.ExchangeCalendar.nyse().tradingDays(from, to).size();
        assertThat(result.barsSent()).isEqualTo(3L * weekdays);
        assertThat(result.partitions()).isEqualTo(3);

        try (KafkaReader reader = new KafkaReader(stack.kafkaBootstrapServers(), Topics.HISTORICAL)) {
            List<ConsumerRecord<String, byte[]>> all = reader.readUntil(
                    records -> markersOf(records, runId).size() == result.partitions(), Duration.ofSeconds(60));
            Map<Integer, EndOfRun> markers = markersOf(all, runId);
            List<ConsumerRecord<String, byte[]>> bars = all.stream()
                    .filter(r -> !isMarker(r))
                    .filter(r -> runId.equals(JsonCodec.readTree(r.value()).path("run_id").asText()))
                    .toList();

            // exactly the expected bars, each valid against the contracts and keyed by its symbol
            assertThat(bars).hasSize(3 * weekdays);
            Map<String, Long> perSymbol = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : bars) {
                Validated<HistoricalBar> v = RecordValidator.parseBar(r.value(), Instant.now());
                assertThat(v.reasons()).as("bar %s", new String(r.value(), StandardCharsets.UTF_8)).isEmpty();
                assertThat(r.key()).isEqualTo(v.value().symbol());
                assertThat(v.value().source()).isEqualTo(HistoricalBar.SOURCE_SYNTHETIC);
                perSymbol.merge(r.key(), 1L, Long::sum);
            }
            assertThat(perSymbol).containsOnly(Map.entry("AAPL", (long) weekdays), Map.entry("MSFT", (long) weekdays),
                    Map.entry("NVDA", (long) weekdays));
            Set<Instant> aaplDays = bars.stream().filter(r -> r.key().equals("AAPL"))
                    .map(r -> RecordValidator.parseBar(r.value(), Instant.now()).value().ts()).collect(Collectors.toSet());
            assertThat(aaplDays).hasSize(weekdays);

            // one marker per partition, after that partition's bars, counting them
            assertThat(markers.keySet()).containsExactlyInAnyOrder(0, 1, 2);
            for (var e : markers.entrySet()) {
                int partition = e.getKey();
                long barsInPartition = bars.stream().filter(r -> r.partition() == partition).count();
                assertThat(e.getValue()).isEqualTo(new EndOfRun(runId, 3L * weekdays, barsInPartition, 3));
                long markerOffset = all.stream().filter(r -> r.partition() == partition && isMarker(r)
                        && JsonCodec.parseEndOfRun(r.value()).runId().equals(runId)).findFirst().orElseThrow().offset();
                assertThat(bars.stream().filter(r -> r.partition() == partition).mapToLong(ConsumerRecord::offset))
                        .allMatch(offset -> offset < markerOffset);
            }
        }
    }

    static boolean isMarker(ConsumerRecord<String, byte[]> r) {
        Header h = r.headers().lastHeader(Topics.HEADER_CONTROL);
        return h != null && Topics.CONTROL_END_OF_RUN.equals(new String(h.value(), StandardCharsets.UTF_8));
    }

    static Map<Integer, EndOfRun> markersOf(List<ConsumerRecord<String, byte[]>> records, String runId) {
        Map<Integer, EndOfRun> markers = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (isMarker(r)) {
                EndOfRun m = JsonCodec.parseEndOfRun(r.value());
                if (m.runId().equals(runId)) {
                    assertThat(markers.put(r.partition(), m)).as("second marker on partition %d", r.partition()).isNull();
                }
            }
        }
        return markers;
    }
}

package dev.stockpipe.ingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Validated;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The ticks of a topic whose seq was generated between two simulator snapshots, checked per
 * symbol: distinct seqs, copies, seqs out of order, and the holes — missing seqs and the runs
 * they form — so a test can compare them with what the simulator says it dropped.
 */
public record SeqAudit(long records, long distinct, long duplicates, long outOfOrder, long missing,
        Map<String, Long> missingBySymbol, Map<String, Long> gapsBySymbol) {

    /** Reads {@code topic} to its end and audits the seqs in {@code [before.next_seq, after.next_seq)} of each symbol. */
    public static SeqAudit of(String bootstrap, String topic, SimulatorSnapshot before, SimulatorSnapshot after) {
        List<ConsumerRecord<String, byte[]>> records;
        try (KafkaReader reader = new KafkaReader(bootstrap, topic)) {
            records = reader.readToEnd(Duration.ofSeconds(120));
        }
        Map<String, TreeSet<Long>> seen = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        long inWindow = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        for (ConsumerRecord<String, byte[]> r : records) {
            Validated<Tick> v = RecordValidator.parseTick(r.value(), Instant.now());
            assertThat(v.reasons()).isEmpty();
            Tick t = v.value();
            assertThat(r.key()).isEqualTo(t.symbol());
            if (t.seq() < before.nextSeq().getOrDefault(t.symbol(), 0L) || t.seq() >= after.nextSeq().getOrDefault(t.symbol(), 0L)) {
                continue;
            }
            inWindow++;
            if (!seen.computeIfAbsent(t.symbol(), s -> new TreeSet<>()).add(t.seq())) {
                duplicates++;
            }
            Long prev = last.put(t.symbol(), t.seq());
            if (prev != null && t.seq() <= prev) {
                outOfOrder++; // a symbol's ticks share one partition, so the topic order is the send order
            }
        }
        Map<String, Long> missingBySymbol = new HashMap<>();
        Map<String, Long> gapsBySymbol = new HashMap<>();
        for (var e : after.nextSeq().entrySet()) {
            Set<Long> present = seen.getOrDefault(e.getKey(), new TreeSet<>());
            long missing = 0;
            long gaps = 0;
            boolean inGap = false;
            for (long seq = before.nextSeq().getOrDefault(e.getKey(), 0L); seq < e.getValue(); seq++) {
                boolean hole = !present.contains(seq);
                if (hole) {
                    missing++;
                    gaps += inGap ? 0 : 1;
                }
                inGap = hole;
            }
            missingBySymbol.put(e.getKey(), missing);
            gapsBySymbol.put(e.getKey(), gaps);
        }
        long distinct = seen.values().stream().mapToLong(Set::size).sum();
        long missing = missingBySymbol.values().stream().mapToLong(Long::longValue).sum();
        return new SeqAudit(inWindow, distinct, duplicates, outOfOrder, missing, missingBySymbol, gapsBySymbol);
    }

    /** Asserts that the holes are exactly the drops the simulator counted between the snapshots, symbol by symbol. */
    public void assertHolesAreTheCountedDrops(SimulatorSnapshot before, SimulatorSnapshot after) {
        for (String symbol : after.nextSeq().keySet()) {
            assertThat(missingBySymbol.getOrDefault(symbol, 0L)).as("missing seqs of %s", symbol)
                    .isEqualTo(after.droppedBy(symbol) - before.droppedBy(symbol));
            assertThat(gapsBySymbol.getOrDefault(symbol, 0L)).as("seq gaps of %s", symbol)
                    .isEqualTo(after.gapsBy(symbol) - before.gapsBy(symbol));
        }
    }
}

package dev.stockpipe.dashboard.ticks;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.dashboard.Channels;
import dev.stockpipe.dashboard.state.Staleness;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.state.UnreadableRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads stock.realtime in batches (one call per poll) and folds each batch into the symbol states.
 * Offsets are never committed (commit-strategy=ignore): the state is ephemeral and a viewer starts at
 * now (auto.offset.reset=latest), so there is nothing to resume. The next offset per partition is
 * kept only to show this dashboard's own lag.
 */
@ApplicationScoped
public class TickConsumer {

    private final TickBatch batch;
    private final Clock clock;
    private final Map<TopicPartition, Long> nextOffsets = new ConcurrentHashMap<>();

    public TickConsumer(SymbolRegistry registry, Staleness staleness, @Named(Topics.REALTIME) UnreadableRecords unreadable,
            Clock clock) {
        this.batch = new TickBatch(registry, staleness, unreadable);
        this.clock = clock;
    }

    /** Called on the channel's one thread, one batch after the other: TickBatch needs no locking. */
    @Incoming(Channels.TICKS)
    public void consume(ConsumerRecords<String, byte[]> records) {
        long now = clock.millis();
        for (TopicPartition partition : records.partitions()) {
            long last = -1;
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                batch.accept(record.value(), now);
                last = record.offset();
            }
            if (last >= 0) {
                nextOffsets.put(partition, last + 1);
            }
        }
        batch.finish(now);
    }

    /** The offset this dashboard reads next, per partition it has read from. */
    public Map<TopicPartition, Long> nextOffsets() {
        return Map.copyOf(nextOffsets);
    }
}

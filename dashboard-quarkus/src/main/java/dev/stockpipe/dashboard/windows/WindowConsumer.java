package dev.stockpipe.dashboard.windows;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.WindowMetrics;
import dev.stockpipe.dashboard.Channels;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.state.UnreadableRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads stock.metrics.windows from the earliest offset into the {@link WindowBoard}. A few records per
 * symbol every slide (minutes): one record per call is plenty. No offsets are committed: every start
 * re-reads the compacted topic, which holds each window once with its final values.
 */
@ApplicationScoped
public class WindowConsumer {

    private final WindowBoard board;
    private final SymbolRegistry registry;
    private final UnreadableRecords unreadable;
    private final Clock clock;

    public WindowConsumer(WindowBoard board, SymbolRegistry registry,
            @Named(Topics.METRICS_WINDOWS) UnreadableRecords unreadable, Clock clock) {
        this.board = board;
        this.registry = registry;
        this.unreadable = unreadable;
        this.clock = clock;
    }

    @Incoming(Channels.WINDOWS)
    public void consume(ConsumerRecord<String, byte[]> record) {
        long now = clock.millis();
        if (record.value() == null) {
            return; // a tombstone deletes a key of the compacted topic: nothing to show, nothing wrong
        }
        WindowMetrics metrics;
        try {
            metrics = JsonCodec.parseWindowMetrics(record.value());
        } catch (RuntimeException e) {
            unreadable.count("offset " + record.offset() + " of partition " + record.partition() + ": " + e.getMessage(), now);
            return;
        }
        if (registry.seen(metrics.symbol()) == null) {
            unreadable.count("symbol '" + metrics.symbol() + "' is invalid or beyond dashboard.max-symbols", now);
            return;
        }
        board.offer(metrics);
        unreadable.maybeLog(now);
    }
}

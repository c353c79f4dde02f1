package dev.stockpipe.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The counters operators watch on {@code /q/metrics}: what was sent, what failed, what the
 * simulator's backpressure policy dropped.
 */
@ApplicationScoped
public class IngestMetrics {

    private final Counter barsSent;
    private final Counter markersSent;
    private final Counter ticksSent;
    private final Counter ticksDropped;
    private final Counter seqGaps;
    private final Counter historicalFailures;
    private final Counter realtimeFailures;

    public IngestMetrics(MeterRegistry registry) {
        barsSent = Counter.builder("ingest.bars.sent").description("Bars of committed backfill runs").register(registry);
        markersSent = Counter.builder("ingest.markers.sent").description("End-of-run markers of committed backfill runs")
                .register(registry);
        ticksSent = Counter.builder("ingest.ticks.sent").description("Ticks acknowledged by Kafka").register(registry);
        ticksDropped = Counter.builder("ingest.ticks.dropped")
                .description("Ticks dropped because Kafka could not keep up (backpressure policy 'drop')")
                .register(registry);
        seqGaps = Counter.builder("ingest.seq.gaps")
                .description("Holes the dropped ticks left in the topic: runs of consecutive dropped seqs of one symbol")
                .register(registry);
        historicalFailures = Counter.builder("ingest.send.failures").tag("channel", Channels.HISTORICAL_OUT)
                .description("Records of backfill attempts that did not commit (aborted: invisible to read_committed consumers)")
                .register(registry);
        realtimeFailures = Counter.builder("ingest.send.failures").tag("channel", Channels.REALTIME_OUT)
                .description("Ticks Kafka refused for good or that never reached the producer (never in the topic)")
                .register(registry);
    }

    /** A run committed {@code bars} bars and {@code markers} end-of-run markers. */
    public void barsCommitted(long bars, int markers) {
        barsSent.increment(bars);
        markersSent.increment(markers);
    }

    public void tickSent() {
        ticksSent.increment();
    }

    /** {@code count} ticks dropped, opening {@code newGaps} new holes in their symbols' seq. */
    public void ticksDropped(int count, long newGaps) {
        ticksDropped.increment(count);
        seqGaps.increment(newGaps);
    }

    /** An attempt that had handed {@code records} records to Kafka failed and was aborted. */
    public void historicalAttemptFailed(long records) {
        historicalFailures.increment(records);
    }

    public void realtimeFailure() {
        realtimeFailures.increment();
    }
}

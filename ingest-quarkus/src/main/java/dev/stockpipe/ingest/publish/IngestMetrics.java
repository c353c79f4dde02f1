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
    private final Counter historicalFailures;
    private final Counter realtimeFailures;

    public IngestMetrics(MeterRegistry registry) {
        barsSent = Counter.builder("ingest.bars.sent").description("Bars acknowledged by Kafka").register(registry);
        markersSent = Counter.builder("ingest.markers.sent").description("End-of-run markers acknowledged by Kafka")
                .register(registry);
        ticksSent = Counter.builder("ingest.ticks.sent").description("Ticks acknowledged by Kafka").register(registry);
        ticksDropped = Counter.builder("ingest.ticks.dropped")
                .description("Ticks dropped because Kafka could not keep up (backpressure policy 'drop')")
                .register(registry);
        historicalFailures = Counter.builder("ingest.send.failures").tag("channel", Channels.HISTORICAL_OUT)
                .description("Records Kafka did not acknowledge").register(registry);
        realtimeFailures = Counter.builder("ingest.send.failures").tag("channel", Channels.REALTIME_OUT)
                .description("Records Kafka did not acknowledge").register(registry);
    }

    public void barSent() {
        barsSent.increment();
    }

    public void markerSent() {
        markersSent.increment();
    }

    public void tickSent() {
        ticksSent.increment();
    }

    public void ticksDropped(int count) {
        ticksDropped.increment(count);
    }

    public void historicalFailure() {
        historicalFailures.increment();
    }

    public void realtimeFailure() {
        realtimeFailures.increment();
    }
}

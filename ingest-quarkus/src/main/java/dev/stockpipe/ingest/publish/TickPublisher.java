package dev.stockpipe.ingest.publish;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes ticks to {@code stock.realtime} through a Mutiny emitter without an overflow buffer:
 * {@link #hasDemand()} is the Kafka sink's real demand (bounded by {@code max-inflight-messages}),
 * which is what the simulator's backpressure policy reacts to. Memory stays bounded because the
 * simulator only sends when there is demand.
 */
@ApplicationScoped
public class TickPublisher {

    private final MutinyEmitter<byte[]> emitter;
    private final IngestMetrics metrics;

    public TickPublisher(@Channel(Channels.REALTIME_OUT) @OnOverflow(OnOverflow.Strategy.NONE) MutinyEmitter<byte[]> emitter,
            IngestMetrics metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    /** True when the Kafka sink can take another tick now. */
    public boolean hasDemand() {
        return emitter.hasRequests();
    }

    /** Sends without waiting; the acknowledgement only feeds the metrics. */
    public void send(Tick tick) {
        Message<byte[]> message = Message.of(JsonCodec.toBytes(tick))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Topics.REALTIME)
                        .withKey(tick.symbol())
                        .build())
                .withAck(() -> {
                    metrics.tickSent();
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    metrics.realtimeFailure();
                    return CompletableFuture.completedFuture(null);
                });
        emitter.sendMessageAndForget(message);
    }
}

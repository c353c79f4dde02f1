package dev.stockpipe.ingest.publish;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Writes ticks to {@code stock.realtime} in batches through the {@code realtime-out} channel's
 * Kafka producer: one Mutiny {@code runOnSendingThread} call hands a whole batch to the channel's
 * sending thread, instead of one reactive message (and one thread hop) per tick, which cost about
 * 4 µs of a tick's budget at 100k+ ticks/s. The channel keeps owning the producer: its
 * configuration, health check, metrics and shutdown are SmallRye's.
 *
 * <p>Memory is bounded by {@code max-inflight-messages}: {@link #capacity()} is how many more
 * ticks may be sent before Kafka acknowledges some; the simulator's backpressure policy reacts to
 * it. A record Kafka refuses is counted in {@code ingest_send_failures_total{channel}}.
 */
@ApplicationScoped
public class TickPublisher {

    private final KafkaClientService clients;
    private final IngestMetrics metrics;
    private final int maxInFlight;
    private final String topic;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Callback acknowledged;
    private volatile KafkaProducer<String, byte[]> producer;

    /**
     * @param channel injected so SmallRye wires the channel and creates its producer; ticks do not
     *                travel through it one message at a time
     */
    public TickPublisher(@Channel(Channels.REALTIME_OUT) MutinyEmitter<byte[]> channel, KafkaClientService clients,
            IngestMetrics metrics,
            @ConfigProperty(name = "mp.messaging.outgoing." + Channels.REALTIME_OUT + ".max-inflight-messages") int maxInFlight,
            @ConfigProperty(name = "mp.messaging.outgoing." + Channels.REALTIME_OUT + ".topic", defaultValue = Topics.REALTIME) String topic) {
        this.clients = clients;
        this.topic = topic;
        this.metrics = metrics;
        this.maxInFlight = maxInFlight;
        this.acknowledged = (metadata, failure) -> {
            inFlight.decrementAndGet();
            if (failure == null) {
                metrics.tickSent();
            } else {
                metrics.realtimeFailure();
            }
        };
    }

    /** Ticks that may be sent now without exceeding the in-flight limit (0 when Kafka is behind). */
    public int capacity() {
        return Math.max(0, maxInFlight - inFlight.get());
    }

    /** Sends without waiting; acknowledgements only feed the metrics and the in-flight count. */
    public void send(List<Tick> ticks) {
        if (ticks.isEmpty()) {
            return;
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(ticks.size());
        for (Tick t : ticks) {
            records.add(new ProducerRecord<>(topic, t.symbol(), JsonCodec.toBytes(t)));
        }
        inFlight.addAndGet(records.size());
        producer().runOnSendingThread((Producer<String, byte[]> p) -> {
            for (ProducerRecord<String, byte[]> r : records) {
                try {
                    p.send(r, acknowledged);
                } catch (RuntimeException e) {
                    // a closed producer or an interrupted send throws instead of calling back
                    acknowledged.onCompletion(null, e);
                }
            }
        }).subscribe().with(done -> {
        }, failure -> {
            // the batch never reached the producer (the channel is shutting down)
            Exception cause = failure instanceof Exception e ? e : new IllegalStateException(failure);
            for (int i = 0; i < records.size(); i++) {
                acknowledged.onCompletion(null, cause);
            }
        });
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            p = clients.getProducer(Channels.REALTIME_OUT);
            if (p == null) {
                throw new IllegalStateException("The Kafka channel " + Channels.REALTIME_OUT + " has no producer; "
                        + "check the mp.messaging.outgoing." + Channels.REALTIME_OUT + " configuration");
            }
            producer = p;
        }
        return p;
    }
}

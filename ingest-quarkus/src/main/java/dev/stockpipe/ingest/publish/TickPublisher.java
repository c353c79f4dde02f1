package dev.stockpipe.ingest.publish;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
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
 * it.
 *
 * <p><b>A tick handed over is delivered, or provably not written.</b> The channel's
 * {@code delivery.timeout.ms} is effectively infinite, so the idempotent producer retries a batch
 * across a broker outage with the same producer id and sequence numbers, in order, and the broker
 * drops any copy it already has: no loss, no duplicate, and no "timed out but maybe written"
 * outcome. A record the producer refuses at once because the broker is away (no metadata within
 * {@code max.block.ms}) is offered again, in seq order, until it is taken or the service shuts
 * down. So {@code ticks_failed} counts only records Kafka rejected for good or that never reached
 * the producer — none of them is in the topic.
 */
@ApplicationScoped
public class TickPublisher {

    /** Pause between offers of a record the producer refused because the broker is away. */
    static final long REOFFER_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final KafkaClientService clients;
    private final IngestMetrics metrics;
    private final int maxInFlight;
    private final String topic;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Callback acknowledged;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile boolean closing;
    // only touched on the channel's single sending thread (and read by callbacks, see acknowledged)
    private Thread appendingThread;
    private Exception refused;
    private long lastRefusalLog;

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
            if (failure != null && Thread.currentThread() == appendingThread) {
                refused = failure; // refused inside send() on the sending thread: append() decides
                return;
            }
            completed(failure);
        };
    }

    /** Ticks that may be sent now without exceeding the in-flight limit (0 when Kafka is behind). */
    public int capacity() {
        return Math.max(0, maxInFlight - inFlight.get());
    }

    /** Ticks handed to the producer and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Ticks Kafka acknowledged. */
    public long sent() {
        return sent.sum();
    }

    /** Ticks Kafka refused for good or that never reached the producer: none of them is in the topic. */
    public long failed() {
        return failed.sum();
    }

    /** Sends without waiting; acknowledgements feed the counters and the in-flight count. */
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
            for (int i = 0; i < records.size(); i++) {
                if (!append(p, records.get(i))) {
                    // shutting down while the broker is away: the rest of the batch was never handed over
                    for (int j = i + 1; j < records.size(); j++) {
                        completed(new IllegalStateException("the service stopped before Kafka took this tick"));
                    }
                    return;
                }
            }
        }).subscribe().with(done -> {
        }, failure -> {
            // the batch never reached the producer (the channel is shutting down)
            Exception cause = failure instanceof Exception e ? e : new IllegalStateException(failure);
            for (int i = 0; i < records.size(); i++) {
                completed(cause);
            }
        });
    }

    /**
     * Hands one record to the producer. A refusal the broker's return would cure (no metadata
     * while it is away) is retried here, so the records behind it keep their order; any other
     * refusal is final and counted. Returns false only when the service stopped first.
     */
    private boolean append(Producer<String, byte[]> p, ProducerRecord<String, byte[]> record) {
        while (true) {
            refused = null;
            appendingThread = Thread.currentThread();
            try {
                p.send(record, acknowledged);
            } catch (RuntimeException e) {
                refused = e; // a closed producer or an interrupted send throws instead of calling back
            } finally {
                appendingThread = null;
            }
            Exception refusal = refused;
            if (refusal == null) {
                return true;
            }
            if (!(refusal instanceof RetriableException) || closing) {
                completed(refusal);
                return !closing;
            }
            logRefusal(refusal);
            LockSupport.parkNanos(REOFFER_PAUSE_NANOS);
        }
    }

    private void logRefusal(Exception refusal) {
        long now = System.nanoTime();
        if (lastRefusalLog == 0 || now - lastRefusalLog >= REFUSAL_LOG_INTERVAL_NANOS) {
            lastRefusalLog = now;
            Log.warnf("Kafka does not take ticks right now (%s); holding %d ticks in flight and offering them again "
                    + "in order until the broker is back", refusal.getMessage(), inFlight.get());
        }
    }

    private void completed(Exception failure) {
        inFlight.decrementAndGet();
        if (failure == null) {
            sent.increment();
            metrics.tickSent();
        } else {
            failed.increment();
            metrics.realtimeFailure();
        }
    }

    /** Runs before SmallRye closes the channel, so a record held for a missing broker does not block shutdown. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        closing = true;
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

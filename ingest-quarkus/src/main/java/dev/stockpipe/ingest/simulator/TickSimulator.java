package dev.stockpipe.ingest.simulator;

import dev.stockpipe.contracts.Tick;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.publish.IngestMetrics;
import dev.stockpipe.ingest.publish.TickPublisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the tick generator on its own thread at the target rate, hands the ticks that are due to
 * the publisher in batches, and applies the backpressure policy when Kafka has no room: {@code drop}
 * sends what fits and counts the rest, {@code slow-down} waits and sends only what fits. Start, stop and rate changes come from REST.
 */
@ApplicationScoped
public class TickSimulator {

    private static final long MAX_PARK_NANOS = 1_000_000;
    private static final long DEMAND_WAIT_NANOS = 50_000;
    /** Ticks handed to the producer in one call: large enough to amortise the hand-over, small next to the in-flight limit. */
    private static final int MAX_BATCH = 1_024;

    private final TickPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final BackpressurePolicy policy;
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private TickGenerator generator;
    private volatile int rate;
    private volatile boolean running;
    private volatile boolean rateChanged;
    private volatile long eventNanosSimulated;
    private Thread thread;

    public TickSimulator(TickPublisher publisher, IngestMetrics metrics, IngestConfig config, MeterRegistry registry) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.policy = BackpressurePolicy.parse(config.simulator().backpressure());
        this.rate = SimulatorLimits.require(config.simulator().rate());
        Gauge.builder("ingest.simulator.rate", () -> running ? rate : 0)
                .description("Target ticks per second (0 when stopped)").register(registry);
        Gauge.builder("ingest.simulator.backpressure.waits", waits::get)
                .description("Times generation waited for Kafka demand (policy 'slow-down')").register(registry);
    }

    /** Starts generating at {@code ticksPerSecond}; a running simulator just changes its rate. */
    public synchronized void start(int ticksPerSecond) {
        rate(ticksPerSecond);
        if (running) {
            return;
        }
        if (generator == null) {
            // one generator for the service's lifetime: seq keeps increasing across stop/start
            generator = new TickGenerator(config.symbols(), config::modelOf, config.simulator().seed(),
                    config.simulator().medianVolume());
        }
        running = true;
        thread = new Thread(this::loop, "tick-simulator");
        thread.setDaemon(true);
        thread.start();
        Log.infof("Simulator started: %d ticks/s over %d symbols, backpressure policy %s", rate,
                generator.symbolCount(), policy);
    }

    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Log.infof("Simulator stopped: %d ticks generated, %d dropped", generated.get(), dropped.get());
    }

    public void rate(int ticksPerSecond) {
        rate = SimulatorLimits.require(ticksPerSecond);
        rateChanged = true;
    }

    public SimulatorStatus status() {
        return new SimulatorStatus(running, rate, policy.name().toLowerCase().replace('_', '-'), generated.get(),
                dropped.get(), waits.get());
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    private void loop() {
        long startNanos = System.nanoTime();
        EventClock clock = new EventClock(Instant.now(), startNanos, config.simulator().timeScale(),
                config.simulator().eventTimeOffset());
        // GBM step lengths follow event time; offset by the event time already simulated so a restart never steps back
        long eventNanosBase = eventNanosSimulated;
        Pacer pacer = new Pacer(rate, startNanos);
        List<Tick> batch = new ArrayList<>(MAX_BATCH);
        rateChanged = false;
        while (running) {
            if (rateChanged) {
                rateChanged = false;
                pacer = new Pacer(rate, System.nanoTime());
            }
            long now = System.nanoTime();
            long due = pacer.due(now);
            if (due == 0) {
                LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, Math.max(1_000, pacer.nanosUntilNext(now))));
                continue;
            }
            Instant ts = clock.at(now);
            long eventNanos = eventNanosBase + clock.eventNanos(now);
            eventNanosSimulated = eventNanos;
            long done = 0;
            while (done < due && running) {
                int n = (int) Math.min(MAX_BATCH, due - done);
                int room = publisher.capacity();
                if (room == 0 && policy == BackpressurePolicy.SLOW_DOWN) {
                    room = awaitCapacity();
                    if (!running) {
                        break;
                    }
                }
                if (policy == BackpressurePolicy.SLOW_DOWN) {
                    n = Math.min(n, room); // send what fits; the rest of what is due follows once Kafka catches up
                }
                for (int i = 0; i < n; i++) {
                    Tick tick = generator.next(ts, eventNanos);
                    if (i < room) {
                        batch.add(tick);
                    }
                }
                generated.addAndGet(n);
                int lost = n - batch.size();
                if (lost > 0) {
                    dropped.addAndGet(lost);
                    metrics.ticksDropped(lost);
                }
                publisher.send(batch);
                batch.clear();
                done += n;
            }
            pacer.emitted(done);
        }
    }

    /** Policy {@code slow-down}: waits until Kafka has room for at least one tick; returns the room. */
    private int awaitCapacity() {
        waits.incrementAndGet();
        int room = publisher.capacity();
        while (running && room == 0) {
            LockSupport.parkNanos(DEMAND_WAIT_NANOS);
            room = publisher.capacity();
        }
        return room;
    }
}

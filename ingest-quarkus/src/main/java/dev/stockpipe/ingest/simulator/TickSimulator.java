package dev.stockpipe.ingest.simulator;

import dev.stockpipe.contracts.ExchangeCalendar;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the tick generator on its own thread at the target rate, hands the ticks that are due to
 * the publisher in batches, and applies the backpressure policy when Kafka has no room: {@code drop}
 * sends what fits and counts the rest (per symbol, with the seq gaps it leaves), {@code slow-down}
 * waits and sends only what fits. During a broker outage the publisher's in-flight ticks stay
 * unanswered until the broker is back, so {@code slow-down} pauses generation and {@code drop}
 * drops everything generated meanwhile. Start, stop, rate and policy changes come from REST.
 */
@ApplicationScoped
public class TickSimulator {

    private static final long MAX_PARK_NANOS = 1_000_000;
    /** How often a simulator held by a closed market looks at the clock again. */
    private static final long CLOSED_PARK_NANOS = 100_000_000;
    private static final long DEMAND_WAIT_NANOS = 50_000;
    /** Ticks handed to the producer in one call: large enough to amortise the hand-over, small next to the in-flight limit. */
    private static final int MAX_BATCH = 1_024;
    /** Drops are summarised in the log at most this often, so a long outage under {@code drop} stays readable. */
    private static final long DROP_LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final TickPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final AtomicLong generated = new AtomicLong();
    private final DropLedger drops = new DropLedger();
    private final AtomicLong waits = new AtomicLong();
    private volatile BackpressurePolicy policy;
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
        start(ticksPerSecond, policy);
    }

    /** Starts generating at {@code ticksPerSecond} under {@code backpressure}; a running simulator switches to both. */
    public synchronized void start(int ticksPerSecond, BackpressurePolicy backpressure) {
        rate(ticksPerSecond);
        policy = backpressure;
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
                generator.symbolCount(), policy.code());
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
        logDrops();
        Log.infof("Simulator stopped: %d ticks generated, %d dropped in %d seq gaps", generated.get(), drops.ticks(),
                drops.gaps());
    }

    public void rate(int ticksPerSecond) {
        rate = SimulatorLimits.require(ticksPerSecond);
        rateChanged = true;
    }

    /**
     * Synchronized with {@link #stop()}, so after a stop every counter and seq written by the
     * generator thread is visible here.
     */
    public synchronized SimulatorStatus status() {
        Map<String, DropLedger.SymbolDrops> dropsBySymbol = drops.bySymbol();
        List<SimulatorStatus.SymbolStatus> symbols = new ArrayList<>();
        Map<String, Long> nextSeqs = generator == null ? Map.of() : generator.nextSeqs();
        nextSeqs.forEach((symbol, next) -> {
            DropLedger.SymbolDrops d = dropsBySymbol.getOrDefault(symbol, new DropLedger.SymbolDrops(0, 0, -1, -1));
            symbols.add(new SimulatorStatus.SymbolStatus(symbol, next, d.ticks(), d.gaps(), d.lastGapFrom(), d.lastGapTo()));
        });
        return new SimulatorStatus(running, rate, policy.code(), generated.get(), publisher.sent(), publisher.failed(),
                publisher.inFlight(), drops.ticks(), drops.gaps(), waits.get(), symbols);
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    private void loop() {
        long startNanos = System.nanoTime();
        Instant wallStart = Instant.now();
        EventClock clock = new EventClock(wallStart, startNanos, config.simulator().timeScale(),
                config.simulator().eventTimeOffset());
        SessionClock sessions = config.simulator().session() == IngestConfig.Session.REGULAR
                ? new SessionClock(ExchangeCalendar.nyse(), clock.at(startNanos))
                : null;
        // GBM step lengths follow event time; offset by the event time already simulated so a restart never steps back
        long eventNanosBase = eventNanosSimulated;
        Pacer pacer = new Pacer(rate, startNanos);
        List<Tick> batch = new ArrayList<>(MAX_BATCH);
        rateChanged = false;
        long lastDropLog = startNanos;
        while (running) {
            if (System.nanoTime() - lastDropLog >= DROP_LOG_INTERVAL_NANOS) {
                lastDropLog = System.nanoTime();
                logDrops();
            }
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
            Instant ts;
            if (sessions == null) {
                ts = clock.at(now);
            } else {
                java.util.Optional<Instant> inSession = sessions.at(clock.eventNanos(now), wallStart.plusNanos(now - startNanos));
                if (inSession.isEmpty()) {
                    // the market is closed now: generate nothing, and do not let the due ticks pile up
                    pacer = new Pacer(rate, now);
                    LockSupport.parkNanos(CLOSED_PARK_NANOS);
                    continue;
                }
                ts = inSession.get();
            }
            long eventNanos = eventNanosBase + clock.eventNanos(now);
            eventNanosSimulated = eventNanos;
            long done = 0;
            while (done < due && running) {
                BackpressurePolicy current = policy;
                int n = (int) Math.min(MAX_BATCH, due - done);
                int room = publisher.capacity();
                if (room == 0 && current == BackpressurePolicy.SLOW_DOWN) {
                    room = awaitCapacity();
                    if (!running) {
                        break;
                    }
                }
                if (current == BackpressurePolicy.SLOW_DOWN) {
                    n = Math.min(n, room); // send what fits; the rest of what is due follows once Kafka catches up
                }
                long newGaps = 0;
                for (int i = 0; i < n; i++) {
                    Tick tick = generator.next(ts, eventNanos);
                    if (i < room) {
                        batch.add(tick);
                    } else if (drops.dropped(tick.symbol(), tick.seq())) {
                        newGaps++;
                    }
                }
                generated.addAndGet(n);
                int lost = n - batch.size();
                if (lost > 0) {
                    metrics.ticksDropped(lost, newGaps);
                }
                publisher.send(batch);
                batch.clear();
                done += n;
            }
            pacer.emitted(done);
        }
    }

    /** One line per interval with drops: how many ticks, how many new seq gaps, and the latest hole per symbol. */
    private void logDrops() {
        DropLedger.Report r = drops.sinceLastReport();
        if (r.isEmpty()) {
            return;
        }
        StringBuilder perSymbol = new StringBuilder();
        r.bySymbol().forEach((symbol, d) -> perSymbol.append(perSymbol.isEmpty() ? "" : ", ").append(symbol).append(' ')
                .append(d.ticks()).append(" ticks/").append(d.gaps()).append(" gaps, latest seq ").append(d.lastGapFrom())
                .append("..").append(d.lastGapTo()));
        Log.warnf("Dropped %d ticks in %d new seq gaps (policy drop: Kafka had no room for them): %s", r.ticks(), r.gaps(),
                perSymbol);
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

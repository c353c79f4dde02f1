package dev.stockpipe.dashboard.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.WindowMetrics;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.dashboard.daily.DailyBoard;
import dev.stockpipe.dashboard.state.Staleness;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.state.UnreadableRecords;
import dev.stockpipe.dashboard.ticks.TickBatch;
import dev.stockpipe.dashboard.view.DailyRow;
import dev.stockpipe.dashboard.view.DailyView;
import dev.stockpipe.dashboard.view.DashboardMessage;
import dev.stockpipe.dashboard.view.HealthView;
import dev.stockpipe.dashboard.view.ServiceStatus;
import dev.stockpipe.dashboard.windows.WindowBoard;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Ticks at full speed through the real batch path while a real stream pushes: the page still gets at most
 * one message per push interval, each within {@link PushBound}, whatever the tick rate.
 */
class PushBoundTest {

    static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "GOOGL", "AMZN", "META", "TSLA", "NVDA");
    static final Duration INTERVAL = Duration.ofMillis(250);
    static final Duration RUN = Duration.ofSeconds(4);

    @Test
    void messagesPerSecondAndBytesPerMessageStayWithinTheBound() throws Exception {
        Clock clock = Clock.systemUTC();
        SymbolRegistry registry = new SymbolRegistry(SYMBOLS, 200, 900);
        Staleness staleness = new Staleness(Duration.ofSeconds(5), clock.millis());
        WindowBoard windows = new WindowBoard();
        DailyBoard daily = new DailyBoard();
        List<ServiceStatus> services = List.of(
                new ServiceStatus("ingest", "http://ingest:8081", "unreachable", "ConnectException: " + "x".repeat(150)),
                new ServiceStatus("lake-writer", "http://lake-writer:8082", "DOWN", "HTTP 503, checks down: lake"));
        HealthView health = new HealthView(312_345.5, "UP", null, 123_456L, "group lake-writer", 42L,
                "2026-01-05T14:30:00.000Z", 7, 1, services);
        StateAssembler assembler = new StateAssembler(registry, staleness, windows, daily, () -> health, clock, INTERVAL);
        TickBatch batch = new TickBatch(registry, staleness, new UnreadableRecords("stock.realtime", 10_000));

        byte[][] ticks = new byte[7_000][];
        for (int i = 0; i < ticks.length; i++) {
            String symbol = SYMBOLS.get(i % SYMBOLS.size());
            ticks[i] = JsonCodec.toBytes(new Tick(symbol, Instant.parse("2026-01-05T14:30:00Z").plusMillis(i),
                    100 + (i % 997) * 0.01, 1 + i % 50, i, Tick.SOURCE_SIMULATOR));
        }

        List<DashboardMessage> received = new CopyOnWriteArrayList<>();
        List<Long> receivedAt = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong fed = new AtomicLong();
        Thread feeder = new Thread(() -> {
            int next = 0;
            long windowRound = 0;
            while (running.get()) {
                long now = clock.millis();
                for (int k = 0; k < 2_000; k++) {
                    batch.accept(ticks[next], now);
                    next = (next + 1) % ticks.length;
                }
                fed.addAndGet(batch.finish(now));
                if (now / 100 != windowRound) { // new window rows for every symbol ten times a second
                    windowRound = now / 100;
                    Instant end = Instant.ofEpochMilli(now);
                    for (String s : SYMBOLS) {
                        windows.offer(new WindowMetrics(s, WindowSize.FIFTEEN_MINUTES, end.minusSeconds(900), end, 100.5, 0.25, 1000, 99));
                        windows.offer(new WindowMetrics(s, WindowSize.ONE_HOUR, end.minusSeconds(3600), end, 100.5, null, 4000, 399));
                    }
                    daily.replace(new DailyView("ok", null, end.toString(), SYMBOLS.stream()
                            .map(s -> new DailyRow(s, "2026-01-05", 100, 110, 90, 105, 123_456_789, 5)).toList()));
                }
            }
        }, "tick-feeder");

        long start = System.nanoTime();
        feeder.start();
        Cancellable subscription = new DashboardStream(assembler, INTERVAL).open().subscribe().with(m -> {
            received.add(m);
            receivedAt.add(System.nanoTime());
        });
        Thread.sleep(RUN.toMillis()); // the run's length is the measurement, not a wait for a condition
        subscription.cancel();
        running.set(false);
        feeder.join();
        double seconds = (System.nanoTime() - start) / 1e9;

        long bound = PushBound.maxDeltaBytes(SYMBOLS.size(), services, INTERVAL);
        List<DashboardMessage> deltas = received.subList(1, received.size());
        int maxBytes = deltas.stream().mapToInt(DashboardJson::size).max().orElse(0);
        double ticksPerSecond = fed.get() / seconds;
        // messages after the first, over the time from the first to the last one
        double span = (receivedAt.get(receivedAt.size() - 1) - receivedAt.get(0)) / 1e9;
        double deltasPerSecond = deltas.size() / span;
        System.out.printf("push bound: %,.0f ticks/s in, %d deltas in %.2f s = %.2f msg/s (bound %.0f), max delta %,d bytes"
                + " (bound %,d = %d fixed + %d symbols x %d), full state %,d bytes%n", ticksPerSecond, deltas.size(), span,
                deltasPerSecond, PushBound.maxMessagesPerSecond(INTERVAL), maxBytes, bound,
                PushBound.fixedBytes(services), SYMBOLS.size(), PushBound.perSymbolBytes(INTERVAL),
                DashboardJson.size(received.get(0)));

        assertThat(received.get(0).type()).isEqualTo(DashboardMessage.FULL);
        assertThat(deltas).allSatisfy(m -> assertThat(m.type()).isEqualTo(DashboardMessage.DELTA));
        assertThat(fed.get()).as("ticks pushed through").isGreaterThan(100_000);
        // not trivially small: every delta carried every symbol's new price
        assertThat(deltas).allSatisfy(m -> assertThat(m.symbols()).hasSize(SYMBOLS.size()));
        assertThat(deltas.size()).isGreaterThanOrEqualTo((int) (RUN.toMillis() / INTERVAL.toMillis()) - 3);
        assertThat(deltasPerSecond).isLessThanOrEqualTo(PushBound.maxMessagesPerSecond(INTERVAL) * 1.05);
        assertThat(maxBytes).isLessThanOrEqualTo((int) bound);
        assertThat(new ArrayList<>(deltas)).anySatisfy(m -> assertThat(m.windows()).isNotEmpty());
    }
}

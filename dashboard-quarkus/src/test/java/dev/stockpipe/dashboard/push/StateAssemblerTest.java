package dev.stockpipe.dashboard.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.WindowMetrics;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.dashboard.MutableClock;
import dev.stockpipe.dashboard.daily.DailyBoard;
import dev.stockpipe.dashboard.state.Staleness;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.view.DailyView;
import dev.stockpipe.dashboard.view.DashboardMessage;
import dev.stockpipe.dashboard.view.HealthView;
import dev.stockpipe.dashboard.view.SymbolView;
import dev.stockpipe.dashboard.windows.WindowBoard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateAssemblerTest {

    static final long T0 = Instant.parse("2026-01-05T14:30:00Z").toEpochMilli();

    final MutableClock clock = new MutableClock(T0);
    final SymbolRegistry registry = new SymbolRegistry(List.of("AAPL", "MSFT", "GOOGL"), 10, 900);
    final Staleness staleness = new Staleness(Duration.ofSeconds(5), T0);
    final WindowBoard windows = new WindowBoard();
    final DailyBoard daily = new DailyBoard();
    final HealthView health = new HealthView(0, "UP", null, 0L, "group lake-writer", 0L, null, 0, 0, List.of());
    final StateAssembler assembler = new StateAssembler(registry, staleness, windows, daily, () -> health, clock,
            Duration.ofMillis(250));

    @Test
    void aDeltaHoldsOnlyWhatChangedWithTheLatestValue() {
        Cursor cursor = new Cursor();
        DashboardMessage full = assembler.full(cursor);
        assertThat(full.type()).isEqualTo("full");
        assertThat(full.symbols()).extracting(SymbolView::symbol).containsExactly("AAPL", "MSFT", "GOOGL");
        assertThat(full.daily()).isNotNull();

        // many ticks of one symbol between two pushes: one entry, the last price
        for (int i = 1; i <= 1000; i++) {
            registry.find("AAPL").apply(100 + i, null, 1, clock.millis());
            staleness.tickArrived(clock.millis());
        }
        clock.advance(250);
        DashboardMessage delta = assembler.delta(cursor);
        assertThat(delta.type()).isEqualTo("delta");
        assertThat(delta.symbols()).singleElement().satisfies(v -> {
            assertThat(v.symbol()).isEqualTo("AAPL");
            assertThat(v.price()).isEqualTo(1100.0);
            assertThat(v.samples()).isEmpty(); // its second has not completed yet
        });
        assertThat(delta.daily()).isNull(); // unchanged
        assertThat(delta.staleSince()).isNull();

        clock.advance(1000); // the tick's second is complete now: its sample goes out once
        assertThat(assembler.delta(cursor).symbols()).singleElement()
                .satisfies(v -> assertThat(v.samples()).extracting(p -> p[1]).containsExactly(1100.0));
        clock.advance(250);
        assertThat(assembler.delta(cursor).symbols()).isEmpty();
    }

    @Test
    void windowRowsAndDailyGoOutWhenTheyChange() {
        Cursor cursor = new Cursor();
        assembler.full(cursor);
        Instant end = Instant.parse("2026-01-05T14:30:00Z");
        windows.offer(new WindowMetrics("MSFT", WindowSize.ONE_HOUR, end.minusSeconds(3600), end, 300, null, 5, 2));
        daily.replace(new DailyView("unavailable", "no Parquet files", null, List.of()));

        DashboardMessage delta = assembler.delta(cursor);
        assertThat(delta.windows()).singleElement().satisfies(r -> assertThat(r.window()).isEqualTo("1h"));
        assertThat(delta.daily().reason()).isEqualTo("no Parquet files");
        DashboardMessage next = assembler.delta(cursor);
        assertThat(next.windows()).isEmpty();
        assertThat(next.daily()).isNull();
    }

    @Test
    void staleSinceTheLastTickOnceTicksStop() {
        registry.find("AAPL").apply(1, null, 1, T0 + 1000);
        staleness.tickArrived(T0 + 1000);
        clock.advance(5_999);
        assertThat(assembler.full().staleSince()).isNull();
        clock.advance(1);
        assertThat(assembler.full().staleSince()).isEqualTo("2026-01-05T14:30:01.000Z");
    }

    @Test
    void aDeltaCarriesAtMostTheSamplesOfTheSecondsCompletedPlusOne() {
        Cursor cursor = new Cursor();
        assembler.full(cursor);
        // a push that comes 10 s late: only the newest samples go, never more than the bound allows
        for (int s = 0; s < 10; s++) {
            registry.find("GOOGL").apply(10 + s, null, 1, T0 + s * 1000L);
        }
        clock.advance(10_000);
        assertThat(assembler.delta(cursor).symbols()).singleElement()
                .satisfies(v -> assertThat(v.samples()).hasSize(StateAssembler.maxSamplesPerDelta(Duration.ofMillis(250))));
        assertThat(StateAssembler.maxSamplesPerDelta(Duration.ofMillis(250))).isEqualTo(2);
        assertThat(StateAssembler.maxSamplesPerDelta(Duration.ofSeconds(2))).isEqualTo(3);
    }
}

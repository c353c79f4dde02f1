package dev.stockpipe.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.dashboard.view.SymbolView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolStateTest {

    static final long T0 = 1_767_623_400_000L; // a whole second

    @Test
    void theChartKeepsTheLastPriceOfEachSecondAndForgetsTheOldest() {
        SymbolState s = new SymbolState("AAPL", 3);
        s.apply(1, null, 1, T0);
        s.apply(2, null, 1, T0 + 500);   // same second: replaces
        s.apply(3, null, 1, T0 + 1000);
        s.apply(4, null, 1, T0 + 2000);
        s.apply(5, null, 1, T0 + 3000);  // the first second drops out

        SymbolView all = s.view(Long.MIN_VALUE, Long.MAX_VALUE, 100);
        assertThat(all.samples()).extracting(p -> p[1]).containsExactly(3.0, 4.0, 5.0);
        assertThat(all.samples()).extracting(p -> (long) p[0]).containsExactly(T0 / 1000 + 1, T0 / 1000 + 2, T0 / 1000 + 3);
    }

    @Test
    void samplesBetweenSecondsExcludeTheCurrentOneAndKeepTheNewestWhenCapped() {
        SymbolState s = new SymbolState("AAPL", 60);
        for (int i = 0; i < 10; i++) {
            s.apply(100 + i, null, 1, T0 + i * 1000L);
        }
        long base = T0 / 1000;
        assertThat(s.view(base + 5, base + 9, 100).samples()).extracting(p -> p[1]).containsExactly(106.0, 107.0, 108.0);
        assertThat(s.view(base, base + 9, 2).samples()).extracting(p -> p[1]).containsExactly(107.0, 108.0);
        assertThat(s.view(base + 8, base + 9, 5).samples()).isEmpty();
    }

    @Test
    void ticksPerSecondComesFromTheCountBetweenTwoSamples() {
        SymbolState s = new SymbolState("AAPL", 60);
        s.sampleRate(T0);
        s.apply(1, null, 1500, T0 + 200);
        s.apply(1, null, 500, T0 + 700);
        s.sampleRate(T0 + 2000);
        assertThat(s.ticksPerSecond()).isEqualTo(1000.0);
    }

    @Test
    void staleAfterTheConfiguredQuietTimeSinceTheLastTick() {
        Staleness staleness = new Staleness(Duration.ofSeconds(5), T0);
        assertThat(staleness.staleSince(T0 + 4_999)).isEqualTo(-1);
        assertThat(staleness.staleSince(T0 + 5_000)).isEqualTo(T0); // no tick since start
        staleness.tickArrived(T0 + 6_000);
        assertThat(staleness.staleSince(T0 + 10_999)).isEqualTo(-1);
        assertThat(staleness.staleSince(T0 + 11_000)).isEqualTo(T0 + 6_000);
    }

    @Test
    void registryKnowsConfiguredAndSeenSymbolsAndRefusesBadOnes() {
        SymbolRegistry registry = new SymbolRegistry(List.of("AAPL", "MSFT"), 3, 60);
        assertThat(registry.isKnown("AAPL")).isTrue();
        assertThat(registry.isKnown("TSLA")).isFalse();
        assertThat(registry.seen("TSLA")).isNotNull();
        assertThat(registry.seen("NVDA")).isNull();          // cap of 3 reached
        assertThat(registry.seen("<script>")).isNull();      // not a symbol
        assertThat(registry.names()).containsExactly("AAPL", "MSFT", "TSLA");
        assertThatThrownBy(() -> new SymbolRegistry(List.of("aapl"), 3, 60)).hasMessageContaining("'aapl'");
    }

    @Test
    void unreadableRecordsLogAtMostOncePerInterval() {
        UnreadableRecords bad = new UnreadableRecords("t", 10_000);
        bad.count("a", 20_000);          // logs: first line
        assertThat(bad.maybeLog(25_000)).isFalse();
        bad.count("b", 26_000);
        assertThat(bad.maybeLog(29_000)).isFalse();
        assertThat(bad.maybeLog(30_000)).isTrue();
        assertThat(bad.maybeLog(45_000)).isFalse(); // nothing new
        assertThat(bad.total()).isEqualTo(2);
    }
}

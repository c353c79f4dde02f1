package dev.stockpipe.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.ingest.gbm.GbmModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TickGeneratorTest {

    static final Map<String, GbmModel> MODELS = Map.of("AAPL", new GbmModel(180, 0.08, 0.25), "TSLA", new GbmModel(200, 0.1, 0.6));

    List<Tick> run(long seed, int count) {
        TickGenerator g = new TickGenerator(List.of("AAPL", "TSLA"), MODELS::get, seed, 100);
        List<Tick> ticks = new ArrayList<>();
        Instant t0 = Instant.parse("2024-01-02T15:00:00Z");
        for (int i = 0; i < count; i++) {
            ticks.add(g.next(t0.plusMillis(i), i * 1_000_000L));
        }
        return ticks;
    }

    @Test
    void roundRobinWithStrictlyIncreasingSeqPerSymbolAndValidTicks() {
        List<Tick> ticks = run(7, 10_000);
        Map<String, Long> lastSeq = new HashMap<>();
        for (Tick t : ticks) {
            Long prev = lastSeq.put(t.symbol(), t.seq());
            assertThat(t.seq()).isEqualTo(prev == null ? 0 : prev + 1);
            assertThat(RecordValidator.validate(t, t.ts())).isEmpty();
            assertThat(t.volume()).isPositive();
            assertThat(t.source()).isEqualTo(Tick.SOURCE_SIMULATOR);
        }
        assertThat(lastSeq).containsOnly(Map.entry("AAPL", 4999L), Map.entry("TSLA", 4999L));
        assertThat(ticks.get(0).price()).isEqualTo(180.0);
        assertThat(ticks.get(1).price()).isEqualTo(200.0);
    }

    @Test
    void deterministicForASeed() {
        assertThat(run(7, 1000)).isEqualTo(run(7, 1000));
        assertThat(run(8, 1000)).isNotEqualTo(run(7, 1000));
    }

    @Test
    void rateLimitsAreEnforced() {
        assertThat(SimulatorLimits.require(100_000)).isEqualTo(100_000);
        assertThatThrownBy(() -> SimulatorLimits.require(0)).hasMessageContaining("between 1 and");
        assertThat(SimulatorLimits.require(1_000_000)).isEqualTo(1_000_000);
        assertThatThrownBy(() -> SimulatorLimits.require(1_000_001)).hasMessageContaining("between 1 and 1000000");
    }
}

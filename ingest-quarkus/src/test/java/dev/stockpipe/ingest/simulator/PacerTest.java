package dev.stockpipe.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pacing arithmetic, driven by a fake clock: the simulator emits exactly rate x elapsed ticks. */
class PacerTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void emitsTheConfiguredRateOverTime() {
        Pacer pacer = new Pacer(100_000, 0);
        long total = 0;
        for (long t = SECOND / 1000; t <= 3 * SECOND; t += SECOND / 1000) { // a 1 ms loop for 3 s
            long due = pacer.due(t);
            pacer.emitted(due);
            total += due;
        }
        assertThat(total).isEqualTo(300_000);
    }

    @Test
    void slowRatesWaitForTheNextTick() {
        Pacer pacer = new Pacer(2, 0);
        assertThat(pacer.due(SECOND / 4)).isZero();
        assertThat(pacer.nanosUntilNext(SECOND / 4)).isEqualTo(SECOND / 4);
        assertThat(pacer.due(SECOND / 2)).isEqualTo(1);
    }

    @Test
    void doesNotBurstAfterAStall() {
        Pacer pacer = new Pacer(1000, 0);
        assertThat(pacer.due(10 * SECOND)).isEqualTo(100); // 0.1 s worth, not 10,000
        pacer.emitted(100);
        assertThat(pacer.due(10 * SECOND + SECOND / 100)).isEqualTo(10);
    }
}

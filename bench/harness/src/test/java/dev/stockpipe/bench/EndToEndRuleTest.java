package dev.stockpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sustain rule of benchmark 5 on synthetic lag series: what it accepts and what it rejects. */
class EndToEndRuleTest {

    private static final double RATE = 100_000;

    /** Samples every 500 ms for {@code seconds}: sent at {@code RATE}, landed per 2-s rotation, minus {@code growth}/s. */
    private static List<double[]> series(double seconds, double growthPerSecond) {
        List<double[]> samples = new ArrayList<>();
        for (double t = 0; t <= seconds; t += 0.5) {
            double sent = RATE * t;
            double landedAtRotation = RATE * 2 * Math.floor(t / 2) - growthPerSecond * t;
            samples.add(new double[] {t, sent, landedAtRotation});
        }
        return samples;
    }

    @Test
    void aSawToothLagThatDoesNotGrowIsSustained() {
        double slope = EndToEndBench.lagSlope(series(60, 0));
        assertThat(Math.abs(slope)).isLessThan(EndToEndBench.MAX_LAG_SLOPE * RATE);
    }

    @Test
    void aLagGrowingByTwoPercentOfTheRateIsNot() {
        double slope = EndToEndBench.lagSlope(series(60, 0.02 * RATE));
        assertThat(slope).isCloseTo(0.02 * RATE, within(0.003 * RATE));
        assertThat(slope).isGreaterThan(EndToEndBench.MAX_LAG_SLOPE * RATE);
    }

    @Test
    void theBoundIsHarmonic() {
        assertThat(EndToEndBench.harmonicBound(400_000, 400_000)).isEqualTo(200_000, within(1e-6));
        assertThat(EndToEndBench.harmonicBound(900_000, 300_000)).isEqualTo(225_000, within(1e-6));
    }
}

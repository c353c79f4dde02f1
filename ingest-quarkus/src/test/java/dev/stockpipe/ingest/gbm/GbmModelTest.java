package dev.stockpipe.ingest.gbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GbmModelTest {

    @Test
    void logReturnsHaveTheConfiguredDriftAndVolatility() {
        GbmModel model = new GbmModel(100, 0.08, 0.25);
        SplittableRandom random = new SplittableRandom(1);
        int n = 200_000;
        double dt = 1.0;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double r = Math.log(model.step(100, dt, random.nextGaussian()) / 100);
            sum += r;
            sumSq += r * r;
        }
        double mean = sum / n;
        double sd = Math.sqrt((sumSq - n * mean * mean) / (n - 1));
        // E[log return] = (mu - sigma^2/2) dt, sd = sigma sqrt(dt); standard error of the mean = 0.25/447 = 5.6e-4
        assertThat(mean).isCloseTo(0.08 - 0.5 * 0.25 * 0.25, within(0.003));
        assertThat(sd).isCloseTo(0.25, within(0.0025));
    }

    @Test
    void rejectsNonsenseParameters() {
        assertThatThrownBy(() -> new GbmModel(0, 0.1, 0.2)).hasMessageContaining("start price");
        assertThatThrownBy(() -> new GbmModel(10, 0.1, -0.2)).hasMessageContaining("volatility");
    }
}

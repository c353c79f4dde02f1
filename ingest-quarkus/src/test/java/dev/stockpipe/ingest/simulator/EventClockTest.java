package dev.stockpipe.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventClockTest {

    private static final Instant WALL = Instant.parse("2024-06-03T14:00:00Z");

    @Test
    void realTimeByDefault() {
        EventClock clock = new EventClock(WALL, 1_000, 1, Duration.ZERO);
        assertThat(clock.at(1_000 + 2_000_000_000L)).isEqualTo(WALL.plusSeconds(2));
    }

    @Test
    void compressesAndShiftsEventTime() {
        EventClock clock = new EventClock(WALL, 0, 240, Duration.ofHours(-2));
        assertThat(clock.at(0)).isEqualTo(Instant.parse("2024-06-03T12:00:00Z"));
        // 30 wall seconds at 240x = two event hours
        assertThat(clock.at(30_000_000_000L)).isEqualTo(WALL);
        assertThat(clock.eventNanos(1_000_000_000L)).isEqualTo(Duration.ofMinutes(4).toNanos());
    }

    @Test
    void rejectsSlowerThanRealTime() {
        assertThatThrownBy(() -> new EventClock(WALL, 0, 0.5, Duration.ZERO)).hasMessageContaining("time-scale");
        assertThatThrownBy(() -> new EventClock(WALL, 0, Double.NaN, Duration.ZERO)).hasMessageContaining("time-scale");
    }
}

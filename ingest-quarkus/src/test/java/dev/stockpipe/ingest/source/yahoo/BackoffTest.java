package dev.stockpipe.ingest.source.yahoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void exponentialWithFullJitterAndACap() {
        Backoff max = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999999);
        Backoff min = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
        assertThat(max.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(99));
        assertThat(max.delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(399));
        assertThat(max.delay(10, Optional.empty())).isEqualTo(Duration.ofMillis(999));
        assertThat(min.delay(3, Optional.empty())).isZero();
    }

    @Test
    void retryAfterWins() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5);
        assertThat(b.delay(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void parsesSecondsAndHttpDates() {
        Instant now = Instant.parse("2024-01-02T10:00:00Z");
        assertThat(Backoff.parseRetryAfter("3", now)).contains(Duration.ofSeconds(3));
        assertThat(Backoff.parseRetryAfter("Tue, 02 Jan 2024 10:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(Backoff.parseRetryAfter("Tue, 02 Jan 2024 09:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(Backoff.parseRetryAfter("soon", now)).isEmpty();
        assertThat(Backoff.parseRetryAfter(null, now)).isEmpty();
    }
}

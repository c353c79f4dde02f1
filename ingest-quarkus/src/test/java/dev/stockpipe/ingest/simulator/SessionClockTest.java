package dev.stockpipe.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.ExchangeCalendar;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionClockTest {

    private static final ExchangeCalendar NYSE = ExchangeCalendar.nyse();
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void inASessionEventTimeIsTheOriginPlusElapsedTime() {
        Instant origin = Instant.parse("2026-11-25T15:00:00Z"); // Wednesday 10:00 New York
        SessionClock clock = new SessionClock(NYSE, origin);
        Instant wall = Instant.parse("2026-11-25T16:00:00Z");
        assertThat(clock.at(0, wall)).contains(origin);
        assertThat(clock.at(30 * MINUTE, wall)).contains(Instant.parse("2026-11-25T15:30:00Z"));
    }

    @Test
    void onASundayItReplaysFridaysEarlyCloseSessionAndJumpsOverThanksgivingNever() {
        Instant sunday = Instant.parse("2026-11-29T09:00:00Z");
        SessionClock clock = new SessionClock(NYSE, sunday);
        // Friday after Thanksgiving: 09:30-13:00 New York = 14:30-18:00 UTC
        assertThat(clock.at(0, sunday)).contains(Instant.parse("2026-11-27T14:30:00Z"));
        assertThat(clock.at(209 * MINUTE, sunday)).contains(Instant.parse("2026-11-27T17:59:00Z"));
        // past the early close: the next session (Monday) has not opened at the wall clock -> hold
        assertThat(clock.at(211 * MINUTE, sunday)).isEmpty();
        assertThat(clock.at(300 * MINUTE, Instant.parse("2026-11-30T14:29:00Z"))).isEmpty();
        // Monday's open arrives: ticks resume at the open, then follow the wall clock
        Instant monday = Instant.parse("2026-11-30T14:30:00Z");
        assertThat(clock.at(400 * MINUTE, monday)).contains(monday);
        assertThat(clock.at(401 * MINUTE, monday.plusSeconds(60))).contains(monday.plusSeconds(60));
    }

    @Test
    void aCompressedReplayCrossesSessionsAndHolidaysAndNeverRunsAheadOfTheWallClock() {
        // Wednesday evening before Thanksgiving; compressed time runs through the night and the holiday
        Instant origin = Instant.parse("2026-11-25T22:00:00Z");
        Instant wall = Instant.parse("2026-11-28T12:00:00Z"); // Saturday
        SessionClock clock = new SessionClock(NYSE, origin);
        assertThat(clock.at(0, wall)).contains(Instant.parse("2026-11-25T14:30:00Z")); // Wednesday's open
        // 390 minutes later: Wednesday closed, Thanksgiving skipped, Friday's open
        assertThat(clock.at(390 * MINUTE, wall)).contains(Instant.parse("2026-11-27T14:30:00Z"));
        Instant previous = Instant.MIN;
        for (long m = 391; m < 2_000; m += 7) { // calls go forward in event time only
            var t = clock.at(m * MINUTE, wall);
            if (t.isPresent()) {
                assertThat(t.get()).isAfterOrEqualTo(previous).isBeforeOrEqualTo(wall);
                ExchangeCalendar.Session s = NYSE.session(t.get().atZone(ExchangeCalendar.ZONE).toLocalDate()).orElseThrow();
                assertThat(s.contains(t.get()) || t.get().equals(wall)).as("%s inside a session", t.get()).isTrue();
                previous = t.get();
            }
        }
    }
}

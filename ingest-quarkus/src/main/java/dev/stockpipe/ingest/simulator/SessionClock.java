package dev.stockpipe.ingest.simulator;

import dev.stockpipe.contracts.ExchangeCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Keeps simulated event time inside the exchange's regular sessions, as real ticks are: the market
 * does not trade at night, on weekends or on holidays, and closes at 13:00 on early-close days.
 *
 * <p>Event time advances through session time only. It starts at the origin when the market is open
 * then; otherwise it replays the latest session, from its open. When a session's end is reached it
 * continues at the next session's open. It never runs ahead of the wall clock: when the next instant
 * would be in the future (the next session has not opened yet, or a compressed replay has caught up
 * with now) it holds, and {@link #at} returns empty until the wall clock gets there. So a demo with a
 * compressed clock sees a past session's worth of ticks, and a real-time simulator started on a
 * Sunday replays Friday's session and then waits for Monday's open.
 *
 * <p>Not thread-safe: the simulator's generator thread owns it, and calls it with non-decreasing
 * event time.
 */
final class SessionClock {

    private final ExchangeCalendar calendar;
    private ExchangeCalendar.Session session;
    /** Event nanoseconds (since the simulator's origin) that map onto the current session's open. */
    private long sessionStartEventNanos;

    SessionClock(ExchangeCalendar calendar, Instant origin) {
        this.calendar = calendar;
        LocalDate day = origin.atZone(ExchangeCalendar.ZONE).toLocalDate();
        Optional<ExchangeCalendar.Session> today = calendar.session(day);
        if (today.isPresent() && today.get().contains(origin)) {
            session = today.get();
            sessionStartEventNanos = -Duration.between(session.open(), origin).toNanos();
        } else {
            session = latestOpenedBefore(origin);
            sessionStartEventNanos = 0;
        }
    }

    /**
     * The event instant for {@code eventNanos} of simulated time since the origin, or empty while
     * the market is closed at the wall clock {@code wallNow} (nothing may be generated then).
     */
    Optional<Instant> at(long eventNanos, Instant wallNow) {
        while (true) {
            long length = Duration.between(session.open(), session.close()).toNanos();
            long into = eventNanos - sessionStartEventNanos;
            if (into >= length) {
                sessionStartEventNanos += length;
                session = calendar.session(calendar.nextTradingDay(session.date().plusDays(1))).orElseThrow();
                continue;
            }
            Instant candidate = session.open().plusNanos(into);
            if (!candidate.isAfter(wallNow)) {
                return Optional.of(candidate);
            }
            // hold: from now on this event time maps onto the wall clock (or onto the open, until it comes)
            Instant holdAt = wallNow.isBefore(session.open()) ? session.open() : wallNow;
            sessionStartEventNanos = eventNanos - Duration.between(session.open(), holdAt).toNanos();
            return holdAt.isAfter(wallNow) ? Optional.empty() : Optional.of(holdAt);
        }
    }

    /** The latest session that opened before {@code t} (the one in progress, or the last closed one). */
    private ExchangeCalendar.Session latestOpenedBefore(Instant t) {
        LocalDate d = t.atZone(ExchangeCalendar.ZONE).toLocalDate();
        while (true) {
            Optional<ExchangeCalendar.Session> s = calendar.session(d);
            if (s.isPresent() && s.get().open().isBefore(t)) {
                return s.get();
            }
            d = d.minusDays(1);
        }
    }
}

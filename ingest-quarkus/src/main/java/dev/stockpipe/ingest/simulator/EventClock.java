package dev.stockpipe.ingest.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Event time of simulated ticks. At {@code scale = 1} and no offset it is the wall clock. A
 * demo or a replay can compress time ({@code scale = 240}: one wall second is four event
 * minutes) and start in the past ({@code offset = -PT2H}), so sliding windows of 15 minutes
 * and one hour close within seconds while the stream stays ordered and monotonic.
 */
final class EventClock {

    private final Instant origin;
    private final long originNanos;
    private final double scale;

    EventClock(Instant wallNow, long nanoNow, double scale, Duration offset) {
        if (!(scale >= 1.0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("ingest.simulator.time-scale must be a finite number >= 1, got " + scale);
        }
        this.origin = wallNow.plus(offset);
        this.originNanos = nanoNow;
        this.scale = scale;
    }

    /** Event-time nanoseconds elapsed since the origin, for the GBM step length. */
    long eventNanos(long nanoNow) {
        return (long) ((nanoNow - originNanos) * scale);
    }

    Instant at(long nanoNow) {
        return origin.plusNanos(eventNanos(nanoNow));
    }
}

package dev.stockpipe.ingest.simulator;

/**
 * Turns a target rate into "how many ticks are due now" from a monotonic clock, so the generator
 * runs in batches instead of sleeping per tick (sleeps are far too coarse for 100k ticks/s).
 * After a stall it does not burst to catch up more than {@link #MAX_CATCH_UP_SECONDS} of ticks.
 */
final class Pacer {

    static final double MAX_CATCH_UP_SECONDS = 0.1;

    private final int rate;
    private long startNanos;
    private long emitted;

    Pacer(int rate, long nowNanos) {
        this.rate = rate;
        this.startNanos = nowNanos;
    }

    /** Ticks due at {@code nowNanos} and not yet emitted. */
    long due(long nowNanos) {
        long target = (long) ((nowNanos - startNanos) / 1e9 * rate);
        long due = target - emitted;
        long cap = Math.max(1, (long) (rate * MAX_CATCH_UP_SECONDS));
        if (due > cap) {
            // fell behind (GC pause, slow-down policy): restart the schedule rather than burst
            startNanos = nowNanos - (long) (cap * 1e9 / rate);
            emitted = 0;
            return cap;
        }
        return Math.max(0, due);
    }

    void emitted(long count) {
        emitted += count;
    }

    /** Nanoseconds until the next tick is due. */
    long nanosUntilNext(long nowNanos) {
        long nextAt = startNanos + (long) ((emitted + 1) * 1e9 / rate);
        return Math.max(0, nextAt - nowNanos);
    }

    int rate() {
        return rate;
    }
}

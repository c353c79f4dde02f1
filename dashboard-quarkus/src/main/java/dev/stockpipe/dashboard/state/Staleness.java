package dev.stockpipe.dashboard.state;

import java.time.Duration;

/**
 * When the tick stream counts as stale: no tick for {@code staleAfter}. Stale since the last tick's
 * arrival, or since the dashboard started when no tick has arrived yet (a broker that is down from
 * the start must show as stale too, not as an empty but healthy page).
 */
public final class Staleness {

    private final long staleAfterMillis;
    private final long startedMillis;
    private volatile long lastTickMillis;

    public Staleness(Duration staleAfter, long startedMillis) {
        this.staleAfterMillis = staleAfter.toMillis();
        this.startedMillis = startedMillis;
    }

    public void tickArrived(long arrivalMillis) {
        lastTickMillis = arrivalMillis;
    }

    /** Epoch millis since which the stream is stale, or -1 while ticks flow. */
    public long staleSince(long nowMillis) {
        long last = lastTickMillis == 0 ? startedMillis : lastTickMillis;
        return nowMillis - last >= staleAfterMillis ? last : -1;
    }
}

package dev.stockpipe.dashboard.state;

import io.quarkus.logging.Log;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the records of one topic the dashboard could not read, so none is dropped silently: the
 * count is in every state message, and a log line says how many and the latest reason, at most once
 * per {@code logEveryMillis} (a flood of bad records must not become a flood of log lines).
 */
public final class UnreadableRecords {

    private final String topic;
    private final long logEveryMillis;
    private final AtomicLong total = new AtomicLong();
    private long loggedTotal;
    private long lastLogMillis;
    private volatile String lastReason;

    public UnreadableRecords(String topic, long logEveryMillis) {
        this.topic = topic;
        this.logEveryMillis = logEveryMillis;
    }

    public void count(String reason, long nowMillis) {
        total.incrementAndGet();
        lastReason = reason;
        maybeLog(nowMillis);
    }

    public long total() {
        return total.get();
    }

    public String lastReason() {
        return lastReason;
    }

    /** Logs the records counted since the previous line, when the interval has passed. */
    public synchronized boolean maybeLog(long nowMillis) {
        long now = total.get();
        if (now == loggedTotal || nowMillis - lastLogMillis < logEveryMillis) {
            return false;
        }
        Log.warnf("%d record(s) of %s could not be read and were skipped (%d in all); latest reason: %s",
                now - loggedTotal, topic, now, lastReason);
        loggedTotal = now;
        lastLogMillis = nowMillis;
        return true;
    }
}

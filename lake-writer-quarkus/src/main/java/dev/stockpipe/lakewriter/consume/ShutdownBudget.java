package dev.stockpipe.lakewriter.consume;

import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The time a graceful shutdown may spend landing data ({@code lake.shutdown-timeout}), started by
 * SIGTERM. Everything that waits for landing during shutdown — the final flush and the revocation
 * when the consumer closes — waits only until this deadline, so the process exits within the
 * termination grace period even while the lake or the DLQ is failing.
 */
@ApplicationScoped
public class ShutdownBudget {

    private final Duration budget;
    private volatile boolean started;
    private volatile long deadlineNanos;

    public ShutdownBudget(LakeWriterConfig config) {
        this.budget = config.shutdownTimeout();
    }

    /** Starts the clock (idempotent). */
    public synchronized void start() {
        if (!started) {
            deadlineNanos = System.nanoTime() + budget.toNanos();
            started = true;
        }
    }

    public boolean started() {
        return started;
    }

    public Duration budget() {
        return budget;
    }

    /** Nanoseconds left before the shutdown deadline (never negative); unbounded before shutdown. */
    public long remainingNanos() {
        return started ? Math.max(0, deadlineNanos - System.nanoTime()) : Long.MAX_VALUE;
    }

    /** The earlier of {@code deadlineNanos} (a {@link System#nanoTime()} value) and the shutdown deadline. */
    public long cap(long otherDeadlineNanos) {
        return started && deadlineNanos - otherDeadlineNanos < 0 ? deadlineNanos : otherDeadlineNanos;
    }
}

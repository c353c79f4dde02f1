package dev.stockpipe.lakewriter.land;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Repeats a lake call with exponential backoff until it succeeds: while the lake is down nothing
 * is acknowledged, so waiting is the only way forward. Gives up only when the caller no longer
 * owns the work ({@code cancelled}).
 */
public final class Retrier {

    private final LakeStatus status;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public Retrier(LakeStatus status, Duration initialBackoff, Duration maxBackoff) {
        this.status = status;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    public <T> T call(String what, BooleanSupplier cancelled, Supplier<T> call) {
        long backoff = initialBackoff.toMillis();
        int attempt = 0;
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("Gave up " + what + ": this instance no longer owns the partition");
            }
            try {
                T result = call.get();
                status.succeeded();
                if (attempt > 0) {
                    Log.infof("The lake is reachable again: %s succeeded after %d retries", what, attempt);
                }
                return result;
            } catch (RuntimeException e) {
                status.failed(e);
                attempt++;
                if (attempt == 1 || attempt % 10 == 0) {
                    Log.warnf("Could not %s (attempt %d); retrying every <= %d ms until the lake answers. Cause: %s",
                            what, attempt, maxBackoff.toMillis(), e.toString());
                }
                pause(backoff);
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the lake");
        }
    }
}

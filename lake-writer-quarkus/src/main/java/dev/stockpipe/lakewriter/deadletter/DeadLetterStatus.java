package dev.stockpipe.lakewriter.deadletter;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * DLQ writes that failed and are being retried. A partition cannot move past an invalid record until
 * its DLQ copy is acknowledged, so each entry here is a partition that is stuck: readiness reports it.
 */
@ApplicationScoped
public class DeadLetterStatus {

    /** A DLQ write that keeps failing: which source record, since when, how often, and the last error. */
    public record Failure(String source, Instant since, int attempts, String error) {
    }

    private final ConcurrentMap<String, Failure> failing = new ConcurrentHashMap<>();

    void failed(String source, Throwable error) {
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        failing.merge(source, new Failure(source, Instant.now(), 1, text),
                (old, next) -> new Failure(source, old.since(), old.attempts() + 1, text));
    }

    void cleared(String source) {
        failing.remove(source);
    }

    /** The longest-failing DLQ write, if any is failing. */
    public Optional<Failure> oldest() {
        return failing.values().stream().min(Comparator.comparing(Failure::since));
    }

    /** How many DLQ writes are failing now (each holds back its partition). */
    public int failingCount() {
        return failing.size();
    }
}

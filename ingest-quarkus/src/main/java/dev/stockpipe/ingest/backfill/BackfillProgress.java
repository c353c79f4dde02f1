package dev.stockpipe.ingest.backfill;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live state of one run, written by the run and read by the REST API from other threads.
 */
public final class BackfillProgress {

    /** Where a run stands. */
    public enum Status { RUNNING, SUCCEEDED, FAILED }

    private final String id;
    private final BackfillRequest request;
    private final Instant startedAt = Instant.now();
    private final List<String> symbolsDone = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private final AtomicLong recordsSent = new AtomicLong();
    private volatile Status status = Status.RUNNING;
    private volatile Instant finishedAt;
    private volatile int markersSent;

    public BackfillProgress(String id, BackfillRequest request) {
        this.id = id;
        this.request = request;
    }

    void barAcknowledged() {
        recordsSent.incrementAndGet();
    }

    void symbolDone(String symbol) {
        symbolsDone.add(symbol);
    }

    void skipped(List<String> rows) {
        skipped.addAll(rows);
    }

    void succeeded(int markers) {
        markersSent = markers;
        finishedAt = Instant.now();
        status = Status.SUCCEEDED;
    }

    void failed(String error) {
        errors.add(error);
        finishedAt = Instant.now();
        status = Status.FAILED;
    }

    public String id() {
        return id;
    }

    public BackfillRequest request() {
        return request;
    }

    public Status status() {
        return status;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public List<String> symbolsDone() {
        return List.copyOf(symbolsDone);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    public long recordsSent() {
        return recordsSent.get();
    }

    public int markersSent() {
        return markersSent;
    }
}

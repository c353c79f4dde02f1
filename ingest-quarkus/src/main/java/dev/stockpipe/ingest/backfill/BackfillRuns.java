package dev.stockpipe.ingest.backfill;

import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Backfills started over REST: each runs on a background thread (one at a time, so two runs do
 * not compete for the broker) and its progress stays readable by id until the service stops.
 */
@ApplicationScoped
public class BackfillRuns {

    private final BackfillService service;
    private final Map<String, BackfillProgress> runs = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backfill-runner");
        t.setDaemon(true);
        return t;
    });

    public BackfillRuns(BackfillService service) {
        this.service = service;
    }

    /**
     * Queues the run and returns its progress handle (id = run id). A run id whose earlier attempt
     * failed may be started again (a rerun: its producer aborts whatever that attempt left open);
     * one that is running or succeeded may not.
     */
    public BackfillProgress start(BackfillRequest request) {
        BackfillProgress progress = new BackfillProgress(request.runId(), request);
        BackfillProgress earlier = runs.compute(progress.id(),
                (id, previous) -> previous == null || previous.status() == BackfillProgress.Status.FAILED ? progress : previous);
        if (earlier != progress) {
            throw new IllegalStateException("A backfill with run id '" + request.runId() + "' is "
                    + earlier.status().name().toLowerCase(java.util.Locale.ROOT)
                    + "; use a new run id (only a failed run may be started again with its id)");
        }
        executor.submit(() -> {
            try {
                service.run(request, progress);
            } catch (RuntimeException e) {
                Log.errorf("Backfill %s failed: %s (cause: %s)", request.runId(), e.getMessage(), e.getCause());
            }
        });
        return progress;
    }

    public Optional<BackfillProgress> get(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    public Collection<BackfillProgress> all() {
        return runs.values();
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}

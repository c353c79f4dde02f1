package dev.stockpipe.lakewriter.consume;

import dev.stockpipe.lakewriter.deadletter.DeadLetterStatus;
import dev.stockpipe.lakewriter.segment.SegmentWriter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wall-clock rotation of idle buffers, and landing everything on a graceful shutdown — within the
 * shutdown budget: what has not landed by then is abandoned uncommitted and re-read by the next owner.
 */
@ApplicationScoped
public class WriterLifecycle {

    private final SegmentWriter writer;
    private final ShutdownBudget budget;
    private final DeadLetterStatus deadLetters;

    public WriterLifecycle(SegmentWriter writer, ShutdownBudget budget, DeadLetterStatus deadLetters) {
        this.writer = writer;
        this.budget = budget;
        this.deadLetters = deadLetters;
    }

    @Scheduled(every = "${lake.rotation.check-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rotateAged() {
        writer.flushAged();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        budget.start();
        try {
            writer.flushAll().get(budget.remainingNanos(), TimeUnit.NANOSECONDS);
            Log.info("All buffered records landed before shutdown");
        } catch (TimeoutException e) {
            writer.abandonAll();
            String dlq = deadLetters.oldest().map(f -> " (the DLQ write of " + f.source() + " has been failing since "
                    + f.since() + ": " + f.error() + ")").orElse("");
            Log.warnf("Shutdown: buffered records did not land within lake.shutdown-timeout=%s%s; they stay uncommitted"
                    + " and are re-read on the next start", budget.budget(), dlq);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.abandonAll();
        } catch (ExecutionException e) {
            writer.abandonAll();
            Log.warnf("Shutdown before all buffered records landed; they will be re-read on the next start. Cause: %s",
                    e.getCause().toString());
        }
    }
}

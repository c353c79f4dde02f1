package dev.stockpipe.lakewriter.consume;

import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import dev.stockpipe.lakewriter.segment.SegmentWriter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;

/** Wall-clock rotation of idle buffers, and landing everything on a graceful shutdown. */
@ApplicationScoped
public class WriterLifecycle {

    private final SegmentWriter writer;
    private final LakeWriterConfig config;

    public WriterLifecycle(SegmentWriter writer, LakeWriterConfig config) {
        this.writer = writer;
        this.config = config;
    }

    @Scheduled(every = "${lake.rotation.check-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rotateAged() {
        writer.flushAged();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        try {
            writer.flushAll().get(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
            Log.info("All buffered records landed before shutdown");
        } catch (Exception e) {
            Log.warnf("Shutdown before all buffered records landed; they will be re-read on the next start. Cause: %s",
                    e.toString());
        }
    }
}

package dev.stockpipe.lakewriter.land;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Whether the last call to the lake succeeded; drives readiness. */
@ApplicationScoped
public class LakeStatus {

    /** The failure that made the lake unreachable, with when it started. */
    public record Outage(Instant since, String error) {
    }

    private final AtomicReference<Outage> outage = new AtomicReference<>();

    public void succeeded() {
        outage.set(null);
    }

    public void failed(Exception e) {
        outage.compareAndSet(null, new Outage(Instant.now(), e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /** The current outage, or {@code null} while the lake answers. */
    public Outage outage() {
        return outage.get();
    }
}

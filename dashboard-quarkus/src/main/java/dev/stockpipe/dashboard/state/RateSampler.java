package dev.stockpipe.dashboard.state;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Once a second, turns each symbol's tick count into ticks/s (whether or not a page is connected). */
@ApplicationScoped
public class RateSampler {

    private final SymbolRegistry registry;
    private final Clock clock;

    public RateSampler(SymbolRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Scheduled(every = "1s")
    void sample() {
        long now = clock.millis();
        registry.all().forEach(s -> s.sampleRate(now));
    }
}

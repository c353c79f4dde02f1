package dev.stockpipe.ingest.health;

import dev.stockpipe.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready = Kafka answered the latest background check and has ingest's topics. Reads
 * {@link KafkaProbe#latest()} and never calls Kafka itself, so it answers at once while the broker
 * is down. An answer older than a few probe intervals counts as DOWN: the probe itself is stuck.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    static final String NAME = "kafka";

    private final KafkaProbe probe;
    private final Duration maxAge;

    public KafkaReadinessCheck(KafkaProbe probe, IngestConfig config) {
        this.probe = probe;
        this.maxAge = config.health().probeInterval().multipliedBy(3).plus(config.health().probeTimeout());
    }

    @Override
    public HealthCheckResponse call() {
        KafkaReachability r = probe.latest();
        boolean fresh = Duration.between(r.checkedAt(), Instant.now()).compareTo(maxAge) <= 0;
        String detail = fresh || r.checkedAt().equals(Instant.EPOCH) ? r.detail()
                : "the last Kafka check is older than " + maxAge.toSeconds() + " s; the probe is stuck";
        return HealthCheckResponse.named(NAME).status(r.up() && fresh).withData("detail", detail)
                .withData("checked_at", r.checkedAt().toString()).build();
    }
}

package dev.stockpipe.lakewriter.health;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.lakewriter.deadletter.DeadLetterStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while a DLQ write keeps failing: the partition of that record cannot move on (nothing after
 * it lands or is committed), which must never look healthy.
 */
@Readiness
@ApplicationScoped
public class DeadLetterReadinessCheck implements HealthCheck {

    static final String NAME = "dead-letter-queue";

    private final DeadLetterStatus status;

    public DeadLetterReadinessCheck(DeadLetterStatus status) {
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        return status.oldest().map(failure -> HealthCheckResponse.named(NAME).down()
                .withData("reason", "Records cannot be written to " + Topics.DLQ + ": the partition of " + failure.source()
                        + " waits until they are; check that topic (exists, max.message.bytes, ACLs) and the broker")
                .withData("failing", status.failingCount())
                .withData("source", failure.source())
                .withData("since", failure.since().toString())
                .withData("attempts", failure.attempts())
                .withData("error", failure.error())
                .build())
                .orElseGet(() -> HealthCheckResponse.up(NAME));
    }
}

package dev.stockpipe.lakewriter.health;

import dev.stockpipe.lakewriter.land.LakeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while calls to the lake fail: nothing is being landed or committed then. */
@Readiness
@ApplicationScoped
public class LakeReadinessCheck implements HealthCheck {

    private final LakeStatus status;

    public LakeReadinessCheck(LakeStatus status) {
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        LakeStatus.Outage outage = status.outage();
        if (outage == null) {
            return HealthCheckResponse.up("lake");
        }
        return HealthCheckResponse.named("lake").down()
                .withData("since", outage.since().toString())
                .withData("error", outage.error())
                .build();
    }
}

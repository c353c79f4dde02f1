package dev.stockpipe.dashboard.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Readiness of the dashboard itself: DOWN while its admin client cannot reach Kafka (the page then
 * shows stale data). The Kafka channels add their own checks through the connector.
 */
@org.eclipse.microprofile.health.Readiness
@ApplicationScoped
public class DashboardReadiness implements HealthCheck {

    private final LagMonitor lag;

    public DashboardReadiness(LagMonitor lag) {
        this.lag = lag;
    }

    @Override
    public HealthCheckResponse call() {
        LagReport report = lag.report();
        boolean down = Boolean.FALSE.equals(report.kafkaUp());
        var builder = HealthCheckResponse.named("dashboard-kafka").status(!down);
        if (down) {
            builder.withData("reason", report.kafkaReason());
        }
        return builder.build();
    }
}

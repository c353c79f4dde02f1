package dev.stockpipe.dashboard.health;

import dev.stockpipe.dashboard.config.DashboardConfig;
import dev.stockpipe.dashboard.view.ServiceStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls each configured service's readiness every 2 s, with a 1 s timeout, without blocking: the
 * requests run in parallel and each answer replaces that service's status when it comes.
 */
@ApplicationScoped
public class ServicePoller {

    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final List<ServiceTarget> targets;
    private final Map<String, ServiceStatus> statuses = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public ServicePoller(DashboardConfig config) {
        this.targets = ServiceTarget.parseList(config.services());
        targets.forEach(t -> statuses.put(t.name(), Readiness.unknown(t)));
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        for (ServiceTarget target : targets) {
            HttpRequest request = HttpRequest.newBuilder(target.readyUrl()).timeout(TIMEOUT).GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> statuses.put(
                    target.name(), error != null ? Readiness.failed(target, error)
                            : Readiness.answered(target, response.statusCode(), response.body())));
        }
    }

    /** In configuration order. */
    public List<ServiceStatus> statuses() {
        return targets.stream().map(t -> statuses.get(t.name())).toList();
    }

    public int serviceCount() {
        return targets.size();
    }
}

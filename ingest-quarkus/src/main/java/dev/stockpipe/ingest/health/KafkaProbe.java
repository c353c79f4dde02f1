package dev.stockpipe.ingest.health;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.ingest.config.IngestConfig;
import dev.stockpipe.ingest.config.KafkaSettings;
import dev.stockpipe.ingest.publish.Channels;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks the broker for its topic list in the background, every {@code ingest.health.probe-interval},
 * and keeps the latest answer. Readiness reads that answer instead of calling Kafka itself, so a
 * probe request is answered at once even while the broker is gone; SmallRye's own channel
 * readiness check, which waits for the broker inside the request (2 s per channel), is switched
 * off for that reason. Not run in job mode.
 */
@ApplicationScoped
public class KafkaProbe {

    private final KafkaSettings kafka;
    private final IngestConfig.Health config;
    private final List<String> topics;
    private volatile KafkaReachability latest = KafkaReachability.notCheckedYet();
    private volatile boolean enabled = true;
    private Admin admin;

    public KafkaProbe(KafkaSettings kafka, IngestConfig config,
            @ConfigProperty(name = "mp.messaging.outgoing." + Channels.REALTIME_OUT + ".topic", defaultValue = Topics.REALTIME)
            String realtimeTopic) {
        this.kafka = kafka;
        this.config = config.health();
        this.topics = List.of(Topics.HISTORICAL, realtimeTopic);
    }

    public KafkaReachability latest() {
        return latest;
    }

    /** Job mode: one backfill finds out about Kafka by itself; no background checks, no extra client. */
    public void disable() {
        enabled = false;
    }

    @Scheduled(every = "${ingest.health.probe-interval:PT2S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probe() {
        if (!enabled) {
            return;
        }
        KafkaReachability previous = latest;
        KafkaReachability now = check();
        latest = now;
        if (previous.up() != now.up() && previous.checkedAt() != Instant.EPOCH) {
            if (now.up()) {
                Log.infof("Kafka at %s is reachable again: readiness is UP", kafka.bootstrapServers());
            } else {
                Log.warnf("Readiness is DOWN: %s", now.detail());
            }
        }
    }

    private synchronized KafkaReachability check() {
        if (!enabled) {
            return latest; // shutting down: the admin client is closed
        }
        long timeoutMs = config.probeTimeout().toMillis();
        try {
            Set<String> present = admin().listTopics(new ListTopicsOptions().timeoutMs((int) timeoutMs)).names()
                    .get(timeoutMs + 500, TimeUnit.MILLISECONDS);
            List<String> missing = topics.stream().filter(t -> !present.contains(t)).toList();
            if (!missing.isEmpty()) {
                return new KafkaReachability(false, "Kafka at " + kafka.bootstrapServers() + " has no topic "
                        + String.join(", ", missing) + "; create it (see devstack or the deployment's topic setup)", Instant.now());
            }
            return new KafkaReachability(true, "Kafka at " + kafka.bootstrapServers() + " answers and has " + topics,
                    Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KafkaReachability(false, "the Kafka check was interrupted", Instant.now());
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new KafkaReachability(false, "Kafka at " + kafka.bootstrapServers() + " did not answer within "
                    + timeoutMs + " ms (" + cause.getClass().getSimpleName() + "); check the broker and KAFKA_BOOTSTRAP_SERVERS",
                    Instant.now());
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminSettings());
        }
        return admin;
    }

    /**
     * What the probe's admin client is created with: {@code kafka.*} (servers, SASL/TLS) plus the probe's
     * short timeouts. Public so a test can check that the security settings reach this client too.
     */
    public Map<String, Object> adminSettings() {
        Map<String, Object> settings = kafka.forAdmin();
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "ingest-health");
        int timeout = (int) Math.max(1, config.probeTimeout().toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        // reconnect quickly once the broker is back, so readiness turns UP within a probe interval
        settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return settings;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        enabled = false;
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}

package dev.stockpipe.lakewriter.consume;

import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * On a graceful shutdown, removes this static member from the consumer group once its consumer is
 * closed (its partitions landed and committed by the revocation), so the other instances take them
 * over at once. A static member's close sends no LeaveGroup: the group would keep its partitions for
 * {@code session.timeout.ms}, waiting for the same instance to return — right after a crash, wrong
 * for a scale-down or a rolling update that replaces the pod under a new name.
 */
@ApplicationScoped
public class GroupDeparture {

    /** The leave request is best effort: it must not eat the termination grace period. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final KafkaClientService clients;
    private final LakeWriterConfig config;
    private volatile boolean started;

    public GroupDeparture(KafkaClientService clients, LakeWriterConfig config) {
        this.clients = clients;
        this.config = config;
    }

    /**
     * A start that failed (a configuration error stops it before the Kafka connector exists) joined no group;
     * asking the connector for its consumer then would only fail on beans that were never initialised.
     */
    void started(@Observes StartupEvent event) {
        started = true;
    }

    /**
     * Runs after the Kafka connector closed its clients: SmallRye closes them when the application
     * context is about to be destroyed, with a lower observer priority (50) than this one.
     */
    void leave(@Observes @BeforeDestroyed(jakarta.enterprise.context.ApplicationScoped.class) Object event) {
        if (!started || !config.group().leaveOnShutdown()) {
            return;
        }
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(Channels.RAW_IN);
        if (consumer == null) {
            return;
        }
        Map<String, ?> consumerConfig = consumer.configuration();
        Object instanceId = consumerConfig.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        Object group = consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG);
        if (instanceId == null || group == null) {
            return; // a dynamic member left the group when its consumer closed
        }
        RemoveMembersFromConsumerGroupOptions options = new RemoveMembersFromConsumerGroupOptions(
                List.of(new MemberToRemove(instanceId.toString())));
        options.reason("lake-writer shut down");
        try (Admin admin = Admin.create(adminConfig(consumerConfig))) {
            admin.removeMembersFromConsumerGroup(group.toString(), options).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Log.infof("Left consumer group %s as static member %s: its partitions move to the other instances now",
                    group, instanceId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            Log.warnf("Could not leave consumer group %s as static member %s; its partitions move after session.timeout.ms"
                    + " unless the instance returns first. Cause: %s", group, instanceId,
                    e instanceof ExecutionException ? e.getCause().toString() : e.toString());
        }
    }

    /** The consumer's connection and security settings, which the admin client needs too. */
    static Map<String, Object> adminConfig(Map<String, ?> consumerConfig) {
        Set<String> adminKeys = AdminClientConfig.configNames();
        Map<String, Object> admin = new HashMap<>();
        consumerConfig.forEach((key, value) -> {
            if (adminKeys.contains(key) && value != null) {
                admin.put(key, value);
            }
        });
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "lake-writer-group-departure");
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        admin.remove(AdminClientConfig.METRIC_REPORTER_CLASSES_CONFIG);
        return admin;
    }
}

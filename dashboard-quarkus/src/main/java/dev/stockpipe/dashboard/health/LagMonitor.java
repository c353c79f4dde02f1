package dev.stockpipe.dashboard.health;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.dashboard.config.DashboardConfig;
import dev.stockpipe.dashboard.ticks.TickConsumer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Every 2 s asks the broker for the end offsets of stock.realtime and the offsets the lake-writer's group
 * has committed there: the difference is how far the lake is behind. The same end offsets against what
 * this dashboard has read give its own lag. A failing call means the broker cannot be reached: Kafka is
 * then DOWN, with the reason, on the page.
 */
@ApplicationScoped
public class LagMonitor {

    /** Each admin call gives up after this: the next round comes 2 s later anyway. */
    static final int CALL_TIMEOUT_MILLIS = 1_500;

    private final Map<String, Object> kafkaSettings;
    private final String group;
    private final TickConsumer ticks;
    private Admin admin;
    private volatile LagReport report = LagReport.unknown();

    public LagMonitor(@Identifier("default-kafka-broker") Map<String, Object> kafkaSettings, DashboardConfig config,
            TickConsumer ticks) {
        this.kafkaSettings = kafkaSettings;
        this.group = config.lakeWriterGroup();
        this.ticks = ticks;
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            report = measure(admin());
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (!Boolean.FALSE.equals(report.kafkaUp())) { // one line when it goes down, not one every 2 s
                Log.warnf("Kafka cannot be reached for the lag of group %s: %s", group, cause.toString());
            }
            String reason = cause instanceof java.util.concurrent.TimeoutException
                    ? "no answer from the broker (" + kafkaSettings.get("bootstrap.servers") + ") within " + CALL_TIMEOUT_MILLIS + " ms"
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            report = LagReport.down(Readiness.cut(reason));
        }
    }

    public LagReport report() {
        return report;
    }

    private LagReport measure(Admin client) throws Exception {
        List<TopicPartition> partitions = client.describeTopics(List.of(Topics.REALTIME)).allTopicNames()
                .get(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).get(Topics.REALTIME).partitions().stream()
                .map(p -> new TopicPartition(Topics.REALTIME, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        client.listOffsets(latest).all().get(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .forEach((p, info) -> ends.put(p, info.offset()));
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return LagReport.measured(group, ends, committed, ticks.nextOffsets());
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>(kafkaSettings);
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "dashboard-lag-monitor");
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MILLIS);
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MILLIS);
            admin = Admin.create(settings);
        }
        return admin;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}

package dev.stockpipe.dashboard.health;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One round of {@link LagMonitor}: whether the broker answered, and the two lags on stock.realtime.
 *
 * @param lakeWriterLag null when unknown (broker down, or the group has committed nothing yet)
 * @param lakeWriterNote what the lag means or why it is unknown
 * @param dashboardLag  null when unknown (before this dashboard read its first batch)
 */
public record LagReport(Boolean kafkaUp, String kafkaReason, Long lakeWriterLag, String lakeWriterNote, Long dashboardLag) {

    public static LagReport unknown() {
        return new LagReport(null, null, null, "not measured yet", null);
    }

    public static LagReport down(String reason) {
        return new LagReport(false, reason, null, "unknown: Kafka is down", null);
    }

    /**
     * Lags from the end offsets. A partition without a committed offset counts from 0 for the lake-writer
     * (it has landed nothing of it). This dashboard's lag counts the partitions it has read from; it
     * starts at the end of the others (auto.offset.reset=latest), so they are not behind.
     */
    public static LagReport measured(String group, Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> dashboardNext) {
        long lake = 0;
        boolean anyCommit = false;
        long own = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            anyCommit |= c != null;
            lake += Math.max(0, end.getValue() - (c == null ? 0 : c.offset()));
            Long next = dashboardNext.get(end.getKey());
            if (next != null) {
                own += Math.max(0, end.getValue() - next);
            }
        }
        Long lakeLag = anyCommit ? lake : null;
        String note = anyCommit ? "group " + group : "group " + group + " has committed nothing on stock.realtime";
        return new LagReport(true, null, lakeLag, Readiness.cut(note), dashboardNext.isEmpty() ? null : own);
    }
}

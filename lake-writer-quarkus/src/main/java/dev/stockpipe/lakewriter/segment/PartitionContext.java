package dev.stockpipe.lakewriter.segment;

import dev.stockpipe.contracts.RunManifest.ManifestObject;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What the landing of one topic-partition's segments carries from one segment to the next while
 * this instance owns the partition. Segments of a partition land strictly one after another, so
 * these fields are only touched by one landing at a time.
 */
public final class PartitionContext {

    private final TopicPartition topicPartition;
    private volatile boolean fenced;
    private volatile Map<String, List<ManifestObject>> openRuns;

    public PartitionContext(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /** Set when the partition was taken away before its segments landed: stop writing for it. */
    public boolean fenced() {
        return fenced;
    }

    public void fence() {
        fenced = true;
    }

    /**
     * Objects of historical runs seen in this partition whose end-of-run marker has not landed
     * yet, by run id; {@code null} until restored from the lake after an assignment.
     */
    public Map<String, List<ManifestObject>> openRuns() {
        return openRuns;
    }

    public void openRuns(Map<String, List<ManifestObject>> runs) {
        openRuns = runs;
    }
}

package dev.stockpipe.lakewriter.consume;

import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import dev.stockpipe.lakewriter.segment.SegmentWriter;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Flush-and-commit on rebalance. When partitions are taken away, their buffers are landed and
 * the offsets after them committed before the partition moves, so the next owner neither
 * re-reads landed data nor races this instance for the same object keys. If the lake does not
 * answer in time the partition is fenced (this instance stops writing for it) and nothing is
 * committed: the next owner replays and rewrites the same keys.
 *
 * <p>Closing the consumer on shutdown revokes every partition too (also for a static member, which
 * keeps its assignment in the group); then the wait ends at the shutdown deadline ({@link ShutdownBudget}).
 */
@ApplicationScoped
@Identifier(Channels.REBALANCE_LISTENER)
public class PartitionHandover implements KafkaConsumerRebalanceListener {

    private final SegmentWriter writer;
    private final PollingThreadCommitter committer;
    private final LakeWriterConfig config;
    private final ShutdownBudget shutdown;

    public PartitionHandover(SegmentWriter writer, PollingThreadCommitter committer, LakeWriterConfig config,
            ShutdownBudget shutdown) {
        this.writer = writer;
        this.committer = committer;
        this.config = config;
        this.shutdown = shutdown;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            long position = consumer.position(tp);
            writer.assigned(tp, position);
            Log.infof("Assigned %s from offset %d", tp, position);
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, SegmentWriter.Handover> handovers = writer.revoke(partitions);
        long deadline = shutdown.cap(System.nanoTime() + config.revocationTimeout().toNanos());
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        handovers.forEach((tp, handover) -> {
            try {
                // landing a segment waits for the commit of the one before: serve those commits here
                committer.drainUntil(consumer, handover.landed(), deadline);
                handover.landed().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                commit.put(tp, new OffsetAndMetadata(handover.nextOffset()));
            } catch (TimeoutException e) {
                handover.context().fence();
                Log.warnf("Partition %s was revoked before its buffers landed within %s; the next owner will re-read"
                        + " them from the last commit", tp, shutdown.started() ? "the shutdown budget" : config.revocationTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handover.context().fence();
                Log.warnf("Interrupted while landing the buffers of revoked partition %s", tp);
            } catch (Exception e) {
                boolean givenUp = handover.context().fenced();
                handover.context().fence();
                if (givenUp) {
                    Log.infof("Partition %s was revoked after this instance had given its unlanded records up; the next"
                            + " owner re-reads them from the last commit", tp);
                } else {
                    Log.warnf(e, "Partition %s was revoked and its buffers could not be landed", tp);
                }
            }
        });
        if (!commit.isEmpty()) {
            try {
                consumer.commitSync(commit);
                Log.infof("Revoked %s after committing %s", partitions, commit);
            } catch (RuntimeException e) {
                Log.warnf("Could not commit offsets of revoked partitions %s; the next owner re-reads and rewrites"
                        + " the same objects. Cause: %s", commit.keySet(), e.toString());
            }
        }
    }
}

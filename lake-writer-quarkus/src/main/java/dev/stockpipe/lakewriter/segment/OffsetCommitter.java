package dev.stockpipe.lakewriter.segment;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits a consumer offset; completes once the broker stored it.
 *
 * <p>The writer commits after every landed segment and lands the next segment of that partition
 * only after the commit completed. That keeps at most one landed-but-uncommitted segment per
 * partition, which is what makes a replay overwrite exactly the keys written before (see
 * {@link SegmentWriter}).
 */
public interface OffsetCommitter {

    CompletionStage<Void> commit(TopicPartition partition, long nextOffset);
}

package dev.stockpipe.lakewriter.segment;

import dev.stockpipe.contracts.EndOfRun;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A closed run of consecutive offsets {@code [startOffset, endOffset)} of one topic-partition,
 * split into one object per time partition. Its Kafka records are acknowledged only once every
 * object and every DLQ record of it is durable.
 *
 * @param acks       acknowledgements of the batch-last records inside this segment
 * @param dlqSends   completion of the DLQ records sent for invalid records of this segment
 * @param bytes      uncompressed bytes held in memory
 */
public record SealedSegment(String topic, int partition, long startOffset, long endOffset,
        List<ObjectBuffer> objects, List<EndOfRun> markers, List<Supplier<CompletionStage<Void>>> acks,
        List<CompletionStage<Void>> dlqSends, long bytes, int records, int rejected) {
}

package dev.stockpipe.lakewriter.deadletter;

import dev.stockpipe.lakewriter.segment.InboundRecord;
import org.apache.kafka.common.header.Headers;

/**
 * One record for {@code stock.dlq}: the value and headers to send for an invalid source record.
 *
 * @param bounded        true for the bounded form of a record too large to copy whole (reason {@code too_large})
 * @param estimatedBytes upper bound of its size as the producer and broker count it
 */
public record DeadLetter(InboundRecord source, byte[] value, Headers headers, String reason, boolean bounded,
        int estimatedBytes) {

    /** {@code topic-partition@offset} of the source record, for logs and readiness. */
    public String sourceId() {
        return source.topic() + "-" + source.partition() + "@" + source.offset();
    }
}

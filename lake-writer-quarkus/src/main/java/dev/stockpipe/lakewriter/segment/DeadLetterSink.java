package dev.stockpipe.lakewriter.segment;

import java.util.concurrent.CompletionStage;

/**
 * Sends an invalid record to the DLQ; completes once the broker acknowledged it, or fails once the
 * partition was taken away ({@link PartitionContext#fenced()}) before it was.
 */
public interface DeadLetterSink {

    CompletionStage<Void> send(InboundRecord record, String reason, PartitionContext context);
}

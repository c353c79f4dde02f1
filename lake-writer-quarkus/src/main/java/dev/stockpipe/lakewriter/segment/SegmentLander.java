package dev.stockpipe.lakewriter.segment;

import java.util.concurrent.CompletionStage;

/** Makes a sealed segment durable in the lake; completes only when every object of it is written. */
public interface SegmentLander {

    CompletionStage<Void> land(SealedSegment segment, PartitionContext context);
}

package dev.stockpipe.lakewriter.land;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.lakewriter.manifest.RunLedger;
import dev.stockpipe.lakewriter.metrics.LakeMetrics;
import dev.stockpipe.lakewriter.segment.ObjectBuffer;
import dev.stockpipe.lakewriter.segment.PartitionContext;
import dev.stockpipe.lakewriter.segment.SealedSegment;
import dev.stockpipe.lakewriter.segment.SegmentLander;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a sealed segment: once its DLQ records are acknowledged, gzips and PUTs each object
 * (retrying until the lake answers), then records historical run progress. Runs on the upload
 * executor so the consumer never blocks on S3, and waits for the DLQ without holding an upload
 * thread, so a partition stuck on a failing DLQ write does not stall the others' uploads.
 */
public final class LakeLander implements SegmentLander {

    private static final String CONTENT_TYPE = "application/x-ndjson";

    private final LakeStore store;
    private final Retrier retrier;
    private final RunLedger ledger;
    private final LakeMetrics metrics;
    private final Executor executor;
    private final CompletableFuture<Void> bucketReady;

    public LakeLander(LakeStore store, Retrier retrier, RunLedger ledger, LakeMetrics metrics, Executor executor,
            CompletableFuture<Void> bucketReady) {
        this.store = store;
        this.retrier = retrier;
        this.ledger = ledger;
        this.metrics = metrics;
        this.executor = executor;
        this.bucketReady = bucketReady;
    }

    @Override
    public CompletionStage<Void> land(SealedSegment segment, PartitionContext context) {
        CompletableFuture<?>[] before = new CompletableFuture<?>[segment.dlqSends().size() + 1];
        before[0] = bucketReady;
        for (int i = 0; i < segment.dlqSends().size(); i++) {
            before[i + 1] = segment.dlqSends().get(i).toCompletableFuture();
        }
        return CompletableFuture.allOf(before).thenRunAsync(() -> landNow(segment, context), executor);
    }

    private void landNow(SealedSegment segment, PartitionContext context) {
        for (ObjectBuffer object : segment.objects()) {
            byte[] gz = gzip(object);
            retrier.call("upload " + object.key(), context::fenced, () -> {
                long start = System.nanoTime();
                store.put(object.key(), gz, CONTENT_TYPE, null);
                metrics.uploadLatency(Duration.ofNanos(System.nanoTime() - start));
                return null;
            });
            metrics.landed(segment.topic(), object.records(), gz.length);
        }
        if (Topics.HISTORICAL.equals(segment.topic())) {
            ledger.advance(segment, context);
        }
    }

    static byte[] gzip(ObjectBuffer object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, object.size() / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 65536)) {
            object.writeTo(gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

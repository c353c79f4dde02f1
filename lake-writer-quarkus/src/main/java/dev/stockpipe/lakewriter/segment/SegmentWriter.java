package dev.stockpipe.lakewriter.segment;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import dev.stockpipe.lakewriter.metrics.LakeMetrics;
import io.quarkus.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Buffers consumed records per topic-partition, rotates segments on size, count, age and
 * end-of-run markers, and hands sealed segments to the lander one after another per partition.
 *
 * <p>Exactly once: an object is named by the offset of the first record of its time partition
 * inside its segment. After a segment lands, its end offset is committed, and the partition's
 * next segment lands only once that commit is stored. So a crash leaves at most one landed (or
 * half-landed) segment after the committed offset. The replay starts at that offset, and for
 * every time partition the first record at/after it is the same as before, so whatever the new
 * segment boundaries are, the replay rewrites exactly the keys of that segment. (With two
 * uncommitted landed segments a replay could merge them and leave the second one's objects
 * behind as duplicates: that is why commits gate landing.)
 */
public final class SegmentWriter {

    private final LakeLayout layout;
    private final LakeWriterConfig.Rotation rotation;
    private final long maxPendingBytes;
    private final DeadLetterSink deadLetters;
    private final SegmentLander lander;
    private final OffsetCommitter committer;
    private final Duration commitRetryBackoff;
    private final LakeMetrics metrics;
    private final Clock clock;
    private final LongSupplier nanoTime;

    private final Map<TopicPartition, PartitionLog> logs = new HashMap<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final List<CompletableFuture<Void>> capacityWaiters = new ArrayList<>();

    public SegmentWriter(LakeLayout layout, LakeWriterConfig.Rotation rotation, long maxPendingBytes,
            DeadLetterSink deadLetters, SegmentLander lander, OffsetCommitter committer, Duration commitRetryBackoff,
            LakeMetrics metrics, Clock clock, LongSupplier nanoTime) {
        this.layout = layout;
        this.rotation = rotation;
        this.maxPendingBytes = maxPendingBytes;
        this.deadLetters = deadLetters;
        this.lander = lander;
        this.committer = committer;
        this.commitRetryBackoff = commitRetryBackoff;
        this.metrics = metrics;
        this.clock = clock;
        this.nanoTime = nanoTime;
        metrics.pendingBytesGauge(pendingBytes);
    }

    /** State of one topic-partition while this instance owns it. */
    private static final class PartitionLog {
        final PartitionContext context;
        boolean assigned = true;
        Long expectedOffset;
        OpenSegment open;
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        PartitionLog(TopicPartition tp, Long expectedOffset) {
            this.context = new PartitionContext(tp);
            this.expectedOffset = expectedOffset;
        }
    }

    /** The partition is ours from {@code position} on (called from the rebalance listener). */
    public synchronized void assigned(TopicPartition tp, long position) {
        logs.put(tp, new PartitionLog(tp, position));
    }

    /**
     * Accepts one poll's records of one topic-partition in offset order. {@code ack} acknowledges
     * the last of them and runs once the segment holding it has landed. The returned stage
     * completes when the writer can take more, which is how consumption pauses while the lake is
     * slow or down.
     */
    public synchronized CompletionStage<Void> accept(List<InboundRecord> slice, Supplier<CompletionStage<Void>> ack) {
        if (slice.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        InboundRecord first = slice.get(0);
        TopicPartition tp = new TopicPartition(first.topic(), first.partition());
        PartitionLog log = logs.computeIfAbsent(tp, t -> new PartitionLog(t, null));
        if (!log.assigned || log.context.fenced()) {
            Log.debugf("Dropping %d records of revoked or abandoned partition %s", slice.size(), tp);
            return capacity();
        }
        long before = log.open == null ? 0 : log.open.bytes();
        boolean took = false;
        for (InboundRecord record : slice) {
            if (log.expectedOffset != null && record.offset() < log.expectedOffset) {
                continue; // already buffered or landed: a re-delivery after a rebalance
            }
            if (log.expectedOffset != null && record.offset() > log.expectedOffset) {
                // ingest's backfills are transactions: each commit marker (and an aborted attempt's
                // records, read_committed) is an offset no record is delivered for
                Log.debugf("Offsets %d..%d of %s hold no records for this consumer (transaction markers or aborted data)",
                        (Object) log.expectedOffset, record.offset() - 1, tp);
            }
            if (log.open == null) {
                // A segment starts where the previous one ended (or at the assigned position), skipped offsets
                // included: the run ledger's progress entry is keyed by that end, so the next owner, resuming
                // at the committed offset, finds it even when a commit marker sits right after the last record.
                long start = log.expectedOffset == null ? record.offset() : Math.min(log.expectedOffset, record.offset());
                log.open = new OpenSegment(layout, tp.topic(), tp.partition(), start, nanoTime.getAsLong());
                before = 0;
            }
            Classified c = RecordClassifier.classify(record, clock.instant());
            if (c instanceof Classified.Valid v) {
                log.open.addValid(record.offset(), v);
                checkKey(record, v);
            } else if (c instanceof Classified.Invalid i) {
                metrics.rejected(tp.topic());
                Log.debugf("Record %s-%d@%d is invalid: %s", tp.topic(), tp.partition(), record.offset(), i.reason());
                log.open.addRejected(record.offset(), deadLetters.send(record, i.reason(), log.context));
            } else if (c instanceof Classified.Marker m) {
                log.open.addMarker(record.offset(), m.endOfRun());
            }
            log.expectedOffset = record.offset() + 1;
            took = true;
        }
        if (!took) {
            return capacity();
        }
        log.open.addAck(ack);
        pendingBytes.addAndGet(log.open.bytes() - before);
        if (log.open.hasMarker() || log.open.bytes() >= rotation.maxBytes() || log.open.records() >= rotation.maxRecords()) {
            sealAndLand(log);
        }
        return capacity();
    }

    /** The key only chose the partition, so a valid record lands whatever its key; a wrong one is counted. */
    private void checkKey(InboundRecord record, Classified.Valid valid) {
        if (record.key() == null) {
            metrics.keyMismatch(record.topic(), "null");
        } else if (!record.key().equals(valid.symbol())) {
            metrics.keyMismatch(record.topic(), "other");
        }
    }

    private CompletionStage<Void> capacity() {
        if (pendingBytes.get() < maxPendingBytes) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        capacityWaiters.add(waiter);
        return waiter;
    }

    /** Rotates every segment whose oldest record is older than the age limit. */
    public synchronized void flushAged() {
        long now = nanoTime.getAsLong();
        long maxAge = rotation.maxAge().toNanos();
        for (PartitionLog log : logs.values()) {
            if (log.open != null && log.assigned && log.open.ageNanos(now) >= maxAge) {
                sealAndLand(log);
            }
        }
    }

    /**
     * Stops taking records of these partitions and lands what they buffered. The result maps each
     * partition to the offset it can be committed at once its future completes.
     */
    public synchronized Map<TopicPartition, Handover> revoke(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Handover> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionLog log = logs.get(tp);
            if (log == null || !log.assigned) {
                continue;
            }
            log.assigned = false;
            if (log.open != null) {
                sealAndLand(log);
            }
            if (log.expectedOffset != null) {
                result.put(tp, new Handover(log.expectedOffset, log.tail, log.context));
            }
        }
        return result;
    }

    /** What a revoked partition hands over: commit {@code nextOffset} once {@code landed} completes. */
    public record Handover(long nextOffset, CompletableFuture<Void> landed, PartitionContext context) {
    }

    /** Lands everything buffered (graceful shutdown). */
    public synchronized CompletableFuture<Void> flushAll() {
        List<CompletableFuture<Void>> tails = new ArrayList<>();
        for (PartitionLog log : logs.values()) {
            if (log.open != null && log.assigned) {
                sealAndLand(log);
            }
            tails.add(log.tail);
        }
        return CompletableFuture.allOf(tails.toArray(CompletableFuture[]::new));
    }

    /**
     * Gives up everything not landed yet (a shutdown that ran out of time): every partition is fenced,
     * so nothing more of it is written, sent to the DLQ or committed; the next owner re-reads it from
     * the last commit.
     */
    public synchronized void abandonAll() {
        for (PartitionLog log : logs.values()) {
            log.context.fence();
        }
    }

    public long pendingBytes() {
        return pendingBytes.get();
    }

    private void sealAndLand(PartitionLog log) {
        OpenSegment open = log.open;
        log.open = null;
        if (open == null || open.isEmpty()) {
            return;
        }
        SealedSegment segment = open.seal();
        PartitionContext context = log.context;
        log.tail = log.tail
                .thenCompose(ignored -> lander.land(segment, context))
                .thenCompose(ignored -> commit(segment, context))
                .thenCompose(ignored -> acknowledge(segment))
                .whenComplete((ignored, failure) -> {
                    release(segment.bytes());
                    if (failure != null && context.fenced()) {
                        Log.infof("Segment %s-%d [%d, %d) was left uncommitted: this instance gave the partition up; the"
                                + " next owner re-reads it", segment.topic(), segment.partition(), segment.startOffset(),
                                segment.endOffset());
                    } else if (failure != null) {
                        Log.warnf(failure, "Segment %s-%d [%d, %d) was not landed by this instance; its records will be re-read",
                                segment.topic(), segment.partition(), segment.startOffset(), segment.endOffset());
                    }
                });
    }

    /** Commits the segment's end, retrying while this instance still owns the partition. */
    private CompletableFuture<Void> commit(SealedSegment segment, PartitionContext context) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        commitAttempt(segment, context, done, 1);
        return done;
    }

    private void commitAttempt(SealedSegment segment, PartitionContext context, CompletableFuture<Void> done, int attempt) {
        if (context.fenced()) {
            done.completeExceptionally(new CancellationException("Partition " + context.topicPartition()
                    + " was taken away before offset " + segment.endOffset() + " was committed"));
            return;
        }
        committer.commit(context.topicPartition(), segment.endOffset()).whenComplete((ok, failure) -> {
            if (failure == null) {
                done.complete(null);
                return;
            }
            if (attempt == 1 || attempt % 10 == 0) {
                Log.warnf("Could not commit offset %d of %s (attempt %d), retrying: %s", segment.endOffset(),
                        context.topicPartition(), attempt, failure.toString());
            }
            CompletableFuture.delayedExecutor(commitRetryBackoff.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> commitAttempt(segment, context, done, attempt + 1));
        });
    }

    private static CompletableFuture<Void> acknowledge(SealedSegment segment) {
        CompletableFuture<?>[] acks = segment.acks().stream()
                .map(a -> a.get().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(acks);
    }

    private void release(long bytes) {
        long now = pendingBytes.addAndGet(-bytes);
        if (now < maxPendingBytes) {
            List<CompletableFuture<Void>> ready;
            synchronized (this) {
                ready = new ArrayList<>(capacityWaiters);
                capacityWaiters.clear();
            }
            ready.forEach(w -> w.complete(null));
        }
    }
}

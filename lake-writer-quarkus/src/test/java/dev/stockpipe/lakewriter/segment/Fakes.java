package dev.stockpipe.lakewriter.segment;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.lakewriter.config.LakeWriterConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;

/** Broker- and lake-free stand-ins for the writer's collaborators, and record builders. */
public final class Fakes {

    private Fakes() {
    }

    public static InboundRecord tick(int partition, long offset, Instant ts, long seq) {
        Tick tick = new Tick("AAPL", ts, 100.5, 10, seq, Tick.SOURCE_SIMULATOR);
        return new InboundRecord(Topics.REALTIME, partition, offset, tick.symbol(), JsonCodec.toBytes(tick), null);
    }

    public static InboundRecord bar(int partition, long offset, Instant ts, String runId) {
        HistoricalBar bar = new HistoricalBar("MSFT", ts, BarInterval.ONE_DAY, 10, 12, 9, 11, null, 1000,
                HistoricalBar.SOURCE_SYNTHETIC, runId);
        return new InboundRecord(Topics.HISTORICAL, partition, offset, bar.symbol(), JsonCodec.toBytes(bar), null);
    }

    public static InboundRecord marker(int partition, long offset, EndOfRun endOfRun) {
        return new InboundRecord(Topics.HISTORICAL, partition, offset, null, JsonCodec.toBytes(endOfRun),
                Topics.CONTROL_END_OF_RUN);
    }

    public static InboundRecord raw(String topic, int partition, long offset, byte[] value) {
        return new InboundRecord(topic, partition, offset, null, value, null);
    }

    public static LakeWriterConfig.Rotation rotation(long maxBytes, int maxRecords, Duration maxAge) {
        return new LakeWriterConfig.Rotation() {
            @Override
            public long maxBytes() {
                return maxBytes;
            }

            @Override
            public int maxRecords() {
                return maxRecords;
            }

            @Override
            public Duration maxAge() {
                return maxAge;
            }

            @Override
            public Duration checkInterval() {
                return Duration.ofSeconds(1);
            }
        };
    }

    /** A sealed segment built directly, for tests of what happens after sealing. */
    public static SealedSegment sealed(String topic, int partition, long startOffset, List<InboundRecord> records) {
        OpenSegment open = new OpenSegment(LakeLayout.DEFAULT, topic, partition, startOffset, 0);
        for (InboundRecord r : records) {
            Classified c = RecordClassifier.classify(r, Instant.parse("2030-01-01T00:00:00Z"));
            if (c instanceof Classified.Valid v) {
                open.addValid(r.offset(), v);
            } else if (c instanceof Classified.Marker m) {
                open.addMarker(r.offset(), m.endOfRun());
            } else {
                throw new IllegalArgumentException("not a valid record: " + c);
            }
        }
        return open.seal();
    }

    /** Records every segment handed to it; each landing completes when the test says so (or at once). */
    public static final class Lander implements SegmentLander {
        public record Call(SealedSegment segment, PartitionContext context, CompletableFuture<Void> done) {
        }

        public final List<Call> calls = new ArrayList<>();
        private final boolean completeAtOnce;

        public Lander(boolean completeAtOnce) {
            this.completeAtOnce = completeAtOnce;
        }

        @Override
        public synchronized CompletionStage<Void> land(SealedSegment segment, PartitionContext context) {
            CompletableFuture<Void> done = completeAtOnce ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
            calls.add(new Call(segment, context, done));
            return done;
        }

        public synchronized List<SealedSegment> segments() {
            return calls.stream().map(Call::segment).toList();
        }
    }

    /** Records commits; each completes at once unless told to fail the next ones or to hold them. */
    public static final class Committer implements OffsetCommitter {
        public record Commit(TopicPartition partition, long nextOffset, CompletableFuture<Void> done) {
        }

        public final List<Commit> commits = new ArrayList<>();
        public volatile boolean hold;
        public volatile int failNext;

        @Override
        public synchronized CompletionStage<Void> commit(TopicPartition partition, long nextOffset) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            commits.add(new Commit(partition, nextOffset, done));
            if (failNext > 0) {
                failNext--;
                done.completeExceptionally(new IllegalStateException("commit refused (test)"));
            } else if (!hold) {
                done.complete(null);
            }
            return done;
        }

        public synchronized List<Long> offsets() {
            return commits.stream().filter(c -> c.done().isDone() && !c.done().isCompletedExceptionally())
                    .map(Commit::nextOffset).toList();
        }
    }

    /** Records what went to the DLQ; sends complete at once. */
    public static final class DeadLetters implements DeadLetterSink {
        public record Sent(InboundRecord record, String reason, PartitionContext context) {
        }

        public final List<Sent> sent = new ArrayList<>();

        @Override
        public synchronized CompletionStage<Void> send(InboundRecord record, String reason, PartitionContext context) {
            sent.add(new Sent(record, reason, context));
            return CompletableFuture.completedFuture(null);
        }
    }
}

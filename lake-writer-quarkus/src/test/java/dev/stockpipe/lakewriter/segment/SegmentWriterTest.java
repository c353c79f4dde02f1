package dev.stockpipe.lakewriter.segment;

import static dev.stockpipe.lakewriter.segment.Fakes.tick;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.contracts.Violation;
import dev.stockpipe.lakewriter.metrics.LakeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SegmentWriterTest {

    static final Instant H13 = Instant.parse("2024-01-05T13:59:58Z");
    static final Instant H14 = Instant.parse("2024-01-05T14:00:01Z");
    static final Instant H15 = Instant.parse("2024-01-05T15:10:00Z");
    static final TopicPartition RT0 = new TopicPartition(Topics.REALTIME, 0);

    final Fakes.Lander lander = new Fakes.Lander(true);
    final Fakes.Committer committer = new Fakes.Committer();
    final Fakes.DeadLetters deadLetters = new Fakes.DeadLetters();
    final AtomicLong nanos = new AtomicLong();
    final AtomicInteger acks = new AtomicInteger();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    SegmentWriter writer(int maxRecords, long maxPendingBytes) {
        return writer(Fakes.rotation(1 << 20, maxRecords, Duration.ofSeconds(2)), maxPendingBytes, lander);
    }

    SegmentWriter writer(dev.stockpipe.lakewriter.config.LakeWriterConfig.Rotation rotation, long maxPendingBytes,
            SegmentLander lander) {
        return new SegmentWriter(LakeLayout.DEFAULT, rotation, maxPendingBytes, deadLetters, lander, committer,
                Duration.ofMillis(1), new LakeMetrics(registry),
                Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC), nanos::get);
    }

    CompletionStage<Void> ack() {
        acks.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    static String hourKey(Instant ts, long firstOffset) {
        return LakeLayout.DEFAULT.rawRealtimeKey(ts, Topics.REALTIME, 0, firstOffset);
    }

    @Test
    void splitsASegmentIntoOneObjectPerEventHourNamedByItsFirstOffset() {
        SegmentWriter w = writer(6, Long.MAX_VALUE);
        w.accept(List.of(tick(0, 10, H13, 0), tick(0, 11, H14, 1), tick(0, 12, H13, 2), tick(0, 13, H15, 3),
                tick(0, 14, H14, 4), tick(0, 15, H13, 5)), this::ack);

        assertThat(lander.segments()).hasSize(1);
        SealedSegment segment = lander.segments().get(0);
        assertThat(segment.startOffset()).isEqualTo(10);
        assertThat(segment.endOffset()).isEqualTo(16);
        assertThat(segment.objects()).extracting(ObjectBuffer::key)
                .containsExactly(hourKey(H13, 10), hourKey(H14, 11), hourKey(H15, 13));
        assertThat(segment.objects()).extracting(ObjectBuffer::records).containsExactly(3, 2, 1);
        String hour13 = new String(segment.objects().get(0).content(), StandardCharsets.UTF_8);
        assertThat(hour13.split("\n")).hasSize(3).allMatch(line -> line.contains("\"symbol\":\"AAPL\""));
        assertThat(hour13).contains("\"seq\":0").contains("\"seq\":2").contains("\"seq\":5").doesNotContain("\"seq\":1");
        assertThat(segment.objects().get(0).key()).startsWith(LakeLayout.DEFAULT.rawRealtimePrefix(LocalDate.of(2024, 1, 5), 13));
    }

    @Test
    void rotatesOnRecordCountOnlyAtTheEndOfAPollBatch() {
        SegmentWriter w = writer(3, Long.MAX_VALUE);
        w.accept(List.of(tick(0, 0, H13, 0), tick(0, 1, H13, 1)), this::ack);
        assertThat(lander.segments()).isEmpty();

        w.accept(List.of(tick(0, 2, H13, 2), tick(0, 3, H13, 3), tick(0, 4, H13, 4)), this::ack);

        assertThat(lander.segments()).singleElement().satisfies(s -> {
            assertThat(s.startOffset()).isZero();
            assertThat(s.endOffset()).isEqualTo(5);
            assertThat(s.records()).isEqualTo(5);
        });
        assertThat(committer.offsets()).containsExactly(5L);
        assertThat(acks).hasValue(2);
    }

    @Test
    void rotatesOnSizeOfTheUncompressedLines() {
        int oneLine = Fakes.tick(0, 0, H13, 0).value().length + 1;
        SegmentWriter w = writer(Fakes.rotation(2L * oneLine, 1_000, Duration.ofHours(1)), Long.MAX_VALUE, lander);
        w.accept(List.of(tick(0, 0, H13, 0)), this::ack);
        assertThat(lander.segments()).isEmpty();
        w.accept(List.of(tick(0, 1, H13, 1)), this::ack);
        assertThat(lander.segments()).singleElement().extracting(SealedSegment::bytes).isEqualTo(2L * oneLine);
    }

    @Test
    void aQuietPartitionRotatesOnceItsOldestRecordReachesTheAgeLimit() {
        SegmentWriter w = writer(1_000, Long.MAX_VALUE);
        w.accept(List.of(tick(0, 0, H13, 0)), this::ack);
        nanos.addAndGet(Duration.ofMillis(1500).toNanos());
        w.accept(List.of(tick(0, 1, H13, 1)), this::ack);
        nanos.addAndGet(Duration.ofMillis(400).toNanos());
        w.flushAged();
        assertThat(lander.segments()).as("1.9 s after the first record").isEmpty();

        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        w.flushAged();

        assertThat(lander.segments()).singleElement().extracting(SealedSegment::records).isEqualTo(2);
        assertThat(committer.offsets()).containsExactly(2L);
    }

    @Test
    void invalidRecordsGoToTheDeadLetterSinkAndStillMoveTheSegmentOn() {
        SegmentWriter w = writer(1_000, Long.MAX_VALUE);
        w.accept(List.of(tick(0, 0, H13, 0), Fakes.raw(Topics.REALTIME, 0, 1, "{not json".getBytes(StandardCharsets.UTF_8)),
                tick(0, 2, H13, 1)), this::ack);
        w.flushAll();

        assertThat(deadLetters.sent).singleElement().satisfies(s -> {
            assertThat(s.record().offset()).isEqualTo(1);
            assertThat(Violation.codeOf(s.reason())).isEqualTo(Violation.INVALID_JSON);
        });
        SealedSegment segment = lander.segments().get(0);
        assertThat(segment.records()).isEqualTo(2);
        assertThat(segment.rejected()).isEqualTo(1);
        assertThat(segment.dlqSends()).hasSize(1);
        assertThat(segment.endOffset()).isEqualTo(3);
        assertThat(committer.offsets()).containsExactly(3L);
    }

    @Test
    void theDeadLetterSinkLearnsThePartitionSoItCanGiveUpOnceThePartitionIsGone() {
        SegmentWriter w = writer(1_000, Long.MAX_VALUE);
        w.assigned(RT0, 0);
        w.accept(List.of(Fakes.raw(Topics.REALTIME, 0, 0, "nope".getBytes(StandardCharsets.UTF_8))), this::ack);

        PartitionContext context = deadLetters.sent.get(0).context();
        assertThat(context.topicPartition()).isEqualTo(RT0);
        assertThat(context.fenced()).isFalse();
        w.abandonAll();
        assertThat(context.fenced()).isTrue();
    }

    @Test
    void aValidRecordLandsWhateverItsKeyAndAMissingOrWrongKeyIsCounted() {
        SegmentWriter w = writer(3, Long.MAX_VALUE);
        InboundRecord keyed = tick(0, 0, H13, 0);
        InboundRecord noKey = new InboundRecord(Topics.REALTIME, 0, 1, null, tick(0, 1, H13, 1).value(), null);
        InboundRecord otherKey = new InboundRecord(Topics.REALTIME, 0, 2, "MSFT", tick(0, 2, H13, 2).value(), null);

        w.accept(List.of(keyed, noKey, otherKey), this::ack);

        assertThat(lander.segments()).singleElement().extracting(SealedSegment::records).isEqualTo(3);
        assertThat(registry.get("lake.records.key.mismatch").tag("kind", "null").counter().count()).isEqualTo(1);
        assertThat(registry.get("lake.records.key.mismatch").tag("kind", "other").counter().count()).isEqualTo(1);
    }

    @Test
    void afterAbandoningNothingIsCommittedAndLaterRecordsAreDropped() {
        Fakes.Lander slow = new Fakes.Lander(false);
        SegmentWriter w = writer(Fakes.rotation(1 << 20, 2, Duration.ofHours(1)), Long.MAX_VALUE, slow);
        w.assigned(RT0, 0);
        w.accept(List.of(tick(0, 0, H13, 0), tick(0, 1, H13, 1)), this::ack);
        CompletableFuture<Void> all = w.flushAll();

        w.abandonAll();
        slow.calls.get(0).done().complete(null);   // a PUT that was already under way finishes

        assertThat(committer.commits).as("no commit after the partition was given up").isEmpty();
        assertThat(all).isCompletedExceptionally();
        assertThat(acks).hasValue(0);
        w.accept(List.of(tick(0, 2, H13, 2), tick(0, 3, H13, 3)), this::ack);
        assertThat(slow.calls).hasSize(1);
        assertThat(w.pendingBytes()).isZero();
    }

    @Test
    void anEndOfRunMarkerSealsItsSegmentAtTheEndOfTheBatch() {
        SegmentWriter w = writer(1_000, Long.MAX_VALUE);
        Instant day = Instant.parse("2024-01-05T00:00:00Z");
        EndOfRun marker = new EndOfRun("run-1", 2, 2, 1);
        w.accept(List.of(Fakes.bar(1, 0, day, "run-1"), Fakes.bar(1, 1, day.plus(Duration.ofDays(1)), "run-1"),
                Fakes.marker(1, 2, marker)), this::ack);

        assertThat(lander.segments()).singleElement().satisfies(s -> {
            assertThat(s.markers()).containsExactly(marker);
            assertThat(s.endOffset()).isEqualTo(3);
            assertThat(s.objects()).extracting(ObjectBuffer::key).containsExactly(
                    LakeLayout.DEFAULT.rawHistoricalPrefix(LocalDate.of(2024, 1, 5)) + LakeLayout.objectName(Topics.HISTORICAL, 1, 0),
                    LakeLayout.DEFAULT.rawHistoricalPrefix(LocalDate.of(2024, 1, 6)) + LakeLayout.objectName(Topics.HISTORICAL, 1, 1));
            assertThat(s.objects().get(0).runCounts()).containsEntry("run-1", 1L);
        });
    }

    @Test
    void segmentsOfAPartitionLandOneAfterAnotherEachAfterThePreviousCommit() {
        Fakes.Lander slow = new Fakes.Lander(false);
        SegmentWriter w = writer(Fakes.rotation(1 << 20, 2, Duration.ofHours(1)), Long.MAX_VALUE, slow);
        committer.hold = true;
        w.accept(List.of(tick(0, 0, H13, 0), tick(0, 1, H13, 1)), this::ack);
        w.accept(List.of(tick(0, 2, H13, 2), tick(0, 3, H13, 3)), this::ack);
        assertThat(slow.calls).as("the second segment waits for the first").hasSize(1);

        slow.calls.get(0).done().complete(null);
        assertThat(committer.commits).extracting(Fakes.Committer.Commit::nextOffset).containsExactly(2L);
        assertThat(slow.calls).as("... and for its commit").hasSize(1);
        assertThat(acks).hasValue(0);

        committer.commits.get(0).done().complete(null);
        assertThat(acks).hasValue(1);
        assertThat(slow.calls).hasSize(2);
        assertThat(slow.calls.get(1).segment().startOffset()).isEqualTo(2);
    }

    @Test
    void aRefusedCommitIsRetriedBeforeTheNextSegmentLands() throws Exception {
        committer.failNext = 2;
        SegmentWriter w = writer(2, Long.MAX_VALUE);
        w.accept(List.of(tick(0, 0, H13, 0), tick(0, 1, H13, 1)), this::ack);
        w.accept(List.of(tick(0, 2, H13, 2), tick(0, 3, H13, 3)), this::ack);

        w.flushAll().get(10, TimeUnit.SECONDS);

        assertThat(committer.commits).extracting(Fakes.Committer.Commit::nextOffset).containsExactly(2L, 2L, 2L, 4L);
        assertThat(committer.offsets()).containsExactly(2L, 4L);
        assertThat(lander.segments()).hasSize(2);
    }

    @Test
    void afterAnAssignmentRecordsBeforeThePositionAreSkipped() {
        SegmentWriter w = writer(1_000, Long.MAX_VALUE);
        w.assigned(RT0, 5);
        w.accept(List.of(tick(0, 3, H13, 3), tick(0, 4, H13, 4), tick(0, 5, H13, 5), tick(0, 6, H14, 6)), this::ack);
        w.accept(List.of(tick(0, 4, H13, 4), tick(0, 5, H13, 5)), this::ack);
        w.flushAll();

        assertThat(lander.segments()).singleElement().satisfies(s -> {
            assertThat(s.startOffset()).isEqualTo(5);
            assertThat(s.records()).isEqualTo(2);
            assertThat(s.objects()).extracting(ObjectBuffer::key).containsExactly(hourKey(H13, 5), hourKey(H14, 6));
        });
    }

    @Test
    void aSegmentStartsWhereThePreviousEndedAcrossOffsetsWithoutRecords() {
        // offsets 7 and 10 are transaction commit markers: the consumer never sees them
        SegmentWriter w = writer(2, Long.MAX_VALUE);
        w.assigned(RT0, 7);
        w.accept(List.of(tick(0, 8, H13, 8), tick(0, 9, H13, 9)), this::ack);
        w.accept(List.of(tick(0, 11, H13, 11), tick(0, 12, H13, 12)), this::ack);

        assertThat(lander.segments()).extracting(SealedSegment::startOffset, SealedSegment::endOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(7L, 10L), org.assertj.core.groups.Tuple.tuple(10L, 13L));
        assertThat(lander.segments().get(1).objects()).extracting(ObjectBuffer::key).containsExactly(hourKey(H13, 11));
    }

    @Test
    void revocationLandsTheBufferHandsOverTheNextOffsetAndIgnoresLaterRecords() throws Exception {
        SegmentWriter w = writer(1_000, Long.MAX_VALUE);
        w.assigned(RT0, 0);
        w.accept(List.of(tick(0, 0, H13, 0), tick(0, 1, H13, 1)), this::ack);

        SegmentWriter.Handover handover = w.revoke(List.of(RT0)).get(RT0);

        assertThat(handover.nextOffset()).isEqualTo(2);
        handover.landed().get(5, TimeUnit.SECONDS);
        assertThat(lander.segments()).singleElement().extracting(SealedSegment::endOffset).isEqualTo(2L);
        w.accept(List.of(tick(0, 2, H13, 2)), this::ack);
        w.flushAll();
        assertThat(lander.segments()).hasSize(1);
    }

    @Test
    void consumptionPausesWhileTooMuchIsUnlandedAndResumesOnceItLands() {
        Fakes.Lander slow = new Fakes.Lander(false);
        SegmentWriter w = writer(Fakes.rotation(1 << 20, 1, Duration.ofHours(1)), 1, slow);

        CompletableFuture<Void> room = w.accept(List.of(tick(0, 0, H13, 0)), this::ack).toCompletableFuture();

        assertThat(room).isNotDone();
        assertThat(w.pendingBytes()).isPositive();
        slow.calls.get(0).done().complete(null);
        assertThat(room).isCompleted();
        assertThat(w.pendingBytes()).isZero();
    }

    /**
     * The exactly-once argument: after a crash the replay starts at the last commit, and however
     * differently it batches, it rewrites the same keys with the same records.
     */
    @Test
    void aReplayFromTheCommittedOffsetRewritesTheSameKeysWithTheSameRecords() {
        List<InboundRecord> records = new ArrayList<>();
        Instant[] hours = {H13, H14, H13, H15, H14, H13, H14, H15, H13, H14};
        for (int i = 0; i < hours.length; i++) {
            records.add(tick(0, i, hours[i], i));
        }
        SegmentWriter first = writer(4, Long.MAX_VALUE);
        first.accept(records.subList(0, 4), this::ack);   // segment [0, 4), committed at 4
        committer.hold = true;                           // the next commit never happens: crash
        first.accept(records.subList(4, 10), this::ack);  // segment [4, 10) landed, not committed
        SealedSegment before = lander.segments().get(1);
        assertThat(committer.offsets()).containsExactly(4L);

        Fakes.Lander replayLander = new Fakes.Lander(true);
        SegmentWriter replay = writer(Fakes.rotation(1 << 20, 1_000, Duration.ofHours(1)), Long.MAX_VALUE, replayLander);
        replay.assigned(RT0, 4);
        replay.accept(records.subList(4, 5), this::ack);
        replay.accept(records.subList(5, 8), this::ack);
        replay.accept(records.subList(8, 10), this::ack);
        replay.flushAll();

        SealedSegment after = replayLander.segments().get(0);
        assertThat(after.objects()).extracting(ObjectBuffer::key)
                .containsExactlyElementsOf(before.objects().stream().map(ObjectBuffer::key).toList());
        for (int i = 0; i < after.objects().size(); i++) {
            assertThat(after.objects().get(i).content()).isEqualTo(before.objects().get(i).content());
        }
    }
}

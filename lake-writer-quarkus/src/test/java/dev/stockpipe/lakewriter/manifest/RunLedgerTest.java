package dev.stockpipe.lakewriter.manifest;

import static dev.stockpipe.lakewriter.segment.Fakes.bar;
import static dev.stockpipe.lakewriter.segment.Fakes.marker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RunManifest;
import dev.stockpipe.contracts.RunManifest.ManifestObject;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.lakewriter.land.LakeStatus;
import dev.stockpipe.lakewriter.land.LakeStore;
import dev.stockpipe.lakewriter.land.Retrier;
import dev.stockpipe.lakewriter.metrics.LakeMetrics;
import dev.stockpipe.lakewriter.segment.Fakes;
import dev.stockpipe.lakewriter.segment.InboundRecord;
import dev.stockpipe.lakewriter.segment.PartitionContext;
import dev.stockpipe.lakewriter.segment.SealedSegment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RunLedgerTest {

    static final Instant DAY1 = Instant.parse("2024-01-02T00:00:00Z");
    static final Instant DAY2 = Instant.parse("2024-01-03T00:00:00Z");
    static final Instant WRITTEN = Instant.parse("2024-06-01T00:00:00Z");

    /** The lake as a sorted map; can refuse the next calls like an unreachable server. */
    static final class MemoryLake extends LakeStore {
        final Map<String, byte[]> objects = new TreeMap<>();
        final List<String> puts = new ArrayList<>();
        /** Keys that LIST shows but GET cannot read yet, like an object S3Proxy is still writing. */
        final java.util.Set<String> listedButUnreadable = new java.util.HashSet<>();
        int failNext;

        MemoryLake() {
            super(null, "test-bucket");
        }

        private void maybeFail() {
            if (failNext > 0) {
                failNext--;
                throw new IllegalStateException("lake unreachable (test)");
            }
        }

        @Override
        public void put(String key, byte[] body, String contentType, String contentEncoding) {
            maybeFail();
            puts.add(key);
            objects.put(key, body.clone());
        }

        @Override
        public Optional<byte[]> get(String key) {
            maybeFail();
            if (listedButUnreadable.contains(key)) {
                return Optional.empty();
            }
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public List<String> list(String prefix) {
            maybeFail();
            return java.util.stream.Stream.concat(objects.keySet().stream(), listedButUnreadable.stream())
                    .filter(k -> k.startsWith(prefix)).distinct().sorted().toList();
        }
    }

    final MemoryLake lake = new MemoryLake();
    final LakeStatus status = new LakeStatus();
    final RunLedger ledger = new RunLedger(lake, LakeLayout.DEFAULT,
            new Retrier(status, Duration.ofMillis(1), Duration.ofMillis(2)),
            new LakeMetrics(new SimpleMeterRegistry()), Clock.fixed(WRITTEN, ZoneOffset.UTC));

    static PartitionContext context(int partition) {
        return new PartitionContext(new TopicPartition(Topics.HISTORICAL, partition));
    }

    static SealedSegment segment(int partition, long start, InboundRecord... records) {
        return Fakes.sealed(Topics.HISTORICAL, partition, start, List.of(records));
    }

    static String key(Instant day, int partition, long firstOffset) {
        return LakeLayout.DEFAULT.rawHistoricalKey(day, Topics.HISTORICAL, partition, firstOffset);
    }

    Optional<RunManifest> manifest(String runId) {
        return Optional.ofNullable(lake.objects.get(LakeLayout.DEFAULT.manifestKey(runId))).map(JsonCodec::parseManifest);
    }

    @Test
    void theManifestIsWrittenOnlyOnceEveryPartitionsMarkerLanded() {
        PartitionContext p0 = context(0);
        PartitionContext p1 = context(1);
        EndOfRun m0 = new EndOfRun("run-a", 5, 3, 2);
        EndOfRun m1 = new EndOfRun("run-a", 5, 2, 2);

        ledger.advance(segment(0, 0, bar(0, 0, DAY1, "run-a"), bar(0, 1, DAY2, "run-a")), p0);
        ledger.advance(segment(0, 2, bar(0, 2, DAY2, "run-a"), marker(0, 3, m0)), p0);
        assertThat(manifest("run-a")).as("one of two markers landed").isEmpty();
        ledger.advance(segment(1, 0, bar(1, 0, DAY1, "run-a")), p1);
        assertThat(manifest("run-a")).isEmpty();

        ledger.advance(segment(1, 1, bar(1, 1, DAY1, "run-a"), marker(1, 2, m1)), p1);

        RunManifest manifest = manifest("run-a").orElseThrow();
        assertThat(manifest.runId()).isEqualTo("run-a");
        assertThat(manifest.recordsSent()).isEqualTo(5);
        assertThat(manifest.recordsLanded()).isEqualTo(5);
        assertThat(manifest.partitionCount()).isEqualTo(2);
        assertThat(manifest.writtenAt()).isEqualTo(WRITTEN);
        assertThat(manifest.objects()).containsExactlyInAnyOrder(
                new ManifestObject(key(DAY1, 0, 0), 0, 1),
                new ManifestObject(key(DAY2, 0, 1), 0, 1),
                new ManifestObject(key(DAY2, 0, 2), 0, 1),
                new ManifestObject(key(DAY1, 1, 0), 1, 1),
                new ManifestObject(key(DAY1, 1, 1), 1, 1));
        assertThat(lake.puts).filteredOn(k -> k.equals(LakeLayout.DEFAULT.manifestKey("run-a"))).hasSize(1);
    }

    @Test
    void aMarkerListedWhileStillBeingWrittenLeavesTheManifestToItsWriter() {
        EndOfRun m0 = new EndOfRun("run-r", 2, 1, 2);
        EndOfRun m1 = new EndOfRun("run-r", 2, 1, 2);
        String marker1 = new LedgerKeys(LakeLayout.DEFAULT).marker("run-r", Topics.HISTORICAL, 1);
        lake.listedButUnreadable.add(marker1);

        ledger.advance(segment(0, 0, bar(0, 0, DAY1, "run-r"), marker(0, 1, m0)), context(0));
        assertThat(manifest("run-r")).as("partition 1's marker is not readable yet").isEmpty();

        lake.listedButUnreadable.clear();
        ledger.advance(segment(1, 0, bar(1, 0, DAY1, "run-r"), marker(1, 1, m1)), context(1));
        assertThat(manifest("run-r")).hasValueSatisfying(m -> assertThat(m.recordsLanded()).isEqualTo(2));
    }

    @Test
    void onlyMarkerFilesCountNotTheTemporaryFilesS3ProxyListsBesideThem() {
        EndOfRun m = new EndOfRun("run-t", 2, 1, 2);
        String marker1 = new LedgerKeys(LakeLayout.DEFAULT).marker("run-t", Topics.HISTORICAL, 1);
        // what S3Proxy's filesystem backend leaves listed after an interrupted write: the key plus a suffix
        lake.objects.put(marker1 + "-5f0c2a51-7d1e-4a0f-9a57-3c1f0d2e8b11", "{\"truncat".getBytes(StandardCharsets.UTF_8));

        ledger.advance(segment(0, 0, bar(0, 0, DAY1, "run-t"), marker(0, 1, m)), context(0));
        assertThat(manifest("run-t")).as("one of two markers landed").isEmpty();

        ledger.advance(segment(1, 0, bar(1, 0, DAY1, "run-t"), marker(1, 1, m)), context(1));
        assertThat(manifest("run-t")).hasValueSatisfying(man -> {
            assertThat(man.recordsLanded()).isEqualTo(2);
            assertThat(man.objects()).hasSize(2);
        });
    }

    @Test
    void aNewOwnerOfThePartitionResumesTheOpenRunsFromTheLake() {
        ledger.advance(segment(0, 0, bar(0, 0, DAY1, "run-b"), bar(0, 1, DAY1, "run-b")), context(0));

        // crash or rebalance: a fresh context, resuming at the committed offset 2
        ledger.advance(segment(0, 2, bar(0, 2, DAY2, "run-b"), marker(0, 3, new EndOfRun("run-b", 3, 3, 1))), context(0));

        RunManifest manifest = manifest("run-b").orElseThrow();
        assertThat(manifest.recordsLanded()).isEqualTo(3);
        assertThat(manifest.objects()).containsExactly(
                new ManifestObject(key(DAY1, 0, 0), 0, 2),
                new ManifestObject(key(DAY2, 0, 2), 0, 1));
    }

    @Test
    void runsInterleavedInAPartitionCloseIndependently() {
        PartitionContext p0 = context(0);
        ledger.advance(segment(0, 0, bar(0, 0, DAY1, "run-c"), bar(0, 1, DAY1, "run-d"), bar(0, 2, DAY2, "run-c"),
                marker(0, 3, new EndOfRun("run-c", 2, 2, 1))), p0);

        assertThat(manifest("run-c").orElseThrow().objects()).containsExactly(
                new ManifestObject(key(DAY1, 0, 0), 0, 1),
                new ManifestObject(key(DAY2, 0, 2), 0, 1));
        assertThat(manifest("run-d")).isEmpty();

        ledger.advance(segment(0, 4, marker(0, 4, new EndOfRun("run-d", 1, 1, 1))), context(0));

        assertThat(manifest("run-d").orElseThrow().objects()).containsExactly(new ManifestObject(key(DAY1, 0, 0), 0, 1));
    }

    @Test
    void aReplayedMarkerWithNothingOpenKeepsTheMarkerFileItWroteBefore() {
        PartitionContext p0 = context(0);
        ledger.advance(segment(0, 0, bar(0, 0, DAY1, "run-e"), marker(0, 1, new EndOfRun("run-e", 1, 1, 1))), p0);
        Map<String, byte[]> before = new TreeMap<>(lake.objects);
        String markerFile = before.keySet().stream().filter(k -> k.contains("/markers/run_id=run-e/")).findFirst().orElseThrow();

        PartitionContext replay = context(0);
        replay.openRuns(new TreeMap<>());
        ledger.advance(segment(0, 1, marker(0, 1, new EndOfRun("run-e", 1, 1, 1))), replay);

        assertThat(lake.objects.get(markerFile)).isEqualTo(before.get(markerFile));
        assertThat(manifest("run-e").orElseThrow().objects()).containsExactly(new ManifestObject(key(DAY1, 0, 0), 0, 1));
    }

    @Test
    void lakeFailuresAreRetriedAndReportedUntilTheLakeAnswers() {
        lake.failNext = 3;

        ledger.advance(segment(0, 0, bar(0, 0, DAY1, "run-f"), marker(0, 1, new EndOfRun("run-f", 1, 1, 1))), context(0));

        assertThat(manifest("run-f")).isPresent();
        assertThat(lake.failNext).isZero();
        assertThat(status.outage()).as("the lake answered again").isNull();
    }

    @Test
    void aFencedPartitionWritesNothing() {
        PartitionContext fenced = context(0);
        fenced.fence();

        assertThatThrownBy(() -> ledger.advance(segment(0, 0, bar(0, 0, DAY1, "run-g"),
                marker(0, 1, new EndOfRun("run-g", 1, 1, 1))), fenced)).isInstanceOf(CancellationException.class);
        assertThat(lake.objects).isEmpty();
    }
}

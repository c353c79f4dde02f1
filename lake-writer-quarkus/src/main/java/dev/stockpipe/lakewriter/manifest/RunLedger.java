package dev.stockpipe.lakewriter.manifest;

import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RunManifest;
import dev.stockpipe.contracts.RunManifest.ManifestObject;
import dev.stockpipe.lakewriter.land.LakeStore;
import dev.stockpipe.lakewriter.land.Retrier;
import dev.stockpipe.lakewriter.metrics.LakeMetrics;
import dev.stockpipe.lakewriter.segment.ObjectBuffer;
import dev.stockpipe.lakewriter.segment.PartitionContext;
import dev.stockpipe.lakewriter.segment.SealedSegment;
import io.quarkus.logging.Log;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Tracks which raw objects hold each historical run and writes the run manifest once every
 * partition's end-of-run marker has landed.
 *
 * <p>The state survives crashes and rebalances because it lives in the lake, keyed by offsets:
 * after each historical segment lands, the runs still open in that partition are written to a
 * progress entry named by the segment's end offset. Whoever next owns the partition resumes at
 * the committed offset, which is always such an end, and reads that one entry back. When a
 * marker lands, the partition's share of the run goes to a marker file; the instance that finds
 * all {@code partitionCount} marker files writes the manifest (idempotent: same content, only
 * {@code written_at} differs). Marker records are acknowledged only after this, so a crash in
 * between replays the marker.
 */
public final class RunLedger {

    private static final String JSON = "application/json";

    private final LakeStore store;
    private final LakeLayout layout;
    private final LedgerKeys keys;
    private final Retrier retrier;
    private final LakeMetrics metrics;
    private final Clock clock;

    public RunLedger(LakeStore store, LakeLayout layout, Retrier retrier, LakeMetrics metrics, Clock clock) {
        this.store = store;
        this.layout = layout;
        this.keys = new LedgerKeys(layout);
        this.retrier = retrier;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Records a landed historical segment; call after all its objects are durable. */
    public void advance(SealedSegment segment, PartitionContext context) {
        BooleanSupplier fenced = context::fenced;
        Map<String, List<ManifestObject>> runs = new TreeMap<>();
        Map<String, List<ManifestObject>> previous = context.openRuns();
        if (previous == null) {
            previous = restore(segment, fenced);
        }
        previous.forEach((run, objects) -> runs.put(run, new ArrayList<>(objects)));
        for (ObjectBuffer object : segment.objects()) {
            object.runCounts().forEach((run, count) -> runs.computeIfAbsent(run, r -> new ArrayList<>())
                    .add(new ManifestObject(object.key(), segment.partition(), count)));
        }
        for (EndOfRun marker : segment.markers()) {
            List<ManifestObject> objects = runs.remove(marker.runId());
            String key = keys.marker(marker.runId(), segment.topic(), segment.partition());
            if (objects == null && retrier.call("read " + key, fenced, () -> store.get(key)).isPresent()) {
                Log.infof("Repeated end-of-run marker for run %s on partition %d: keeping its marker file",
                        marker.runId(), segment.partition());
                continue;
            }
            byte[] body = LedgerCodec.marker(new LedgerCodec.MarkerFile(marker, segment.partition(),
                    objects == null ? List.of() : objects));
            retrier.call("write " + key, fenced, () -> {
                store.put(key, body, JSON, null);
                return null;
            });
        }
        String progressKey = keys.progress(segment.topic(), segment.partition(), segment.endOffset());
        byte[] progress = LedgerCodec.progress(segment.startOffset(), segment.endOffset(), runs);
        retrier.call("write " + progressKey, fenced, () -> {
            store.put(progressKey, progress, JSON, null);
            return null;
        });
        context.openRuns(runs);
        for (EndOfRun marker : segment.markers()) {
            writeManifestIfComplete(marker, fenced);
        }
    }

    private Map<String, List<ManifestObject>> restore(SealedSegment segment, BooleanSupplier fenced) {
        String key = keys.progress(segment.topic(), segment.partition(), segment.startOffset());
        Optional<byte[]> entry = retrier.call("read " + key, fenced, () -> store.get(key));
        if (entry.isEmpty()) {
            if (segment.startOffset() > 0) {
                Log.infof("No run progress recorded before offset %d of %s-%d: starting with no open runs",
                        segment.startOffset(), segment.topic(), segment.partition());
            }
            return Map.of();
        }
        return LedgerCodec.parseProgress(entry.get());
    }

    private void writeManifestIfComplete(EndOfRun marker, BooleanSupplier fenced) {
        String prefix = keys.markers(marker.runId());
        List<String> markerKeys = retrier.call("list " + prefix, fenced, () -> store.list(prefix)).stream()
                .filter(LedgerKeys::isMarker).toList();
        if (markerKeys.size() < marker.partitionCount()) {
            Log.infof("Run %s: %d of %d partition markers landed", marker.runId(), markerKeys.size(),
                    marker.partitionCount());
            return;
        }
        List<ManifestObject> objects = new ArrayList<>();
        long sent = marker.recordsSent();
        for (String key : markerKeys) {
            Optional<byte[]> body = retrier.call("read " + key, fenced, () -> store.get(key));
            if (body.isEmpty()) {
                // Listed but not readable yet (an eventually consistent store): its writer checks again
                // after its own PUT completes, and the last PUT to complete always sees every marker.
                Log.infof("Run %s: marker %s is listed but not yet readable; its writer completes the manifest",
                        marker.runId(), key);
                return;
            }
            LedgerCodec.MarkerFile file = LedgerCodec.parseMarker(body.get());
            objects.addAll(file.objects());
            sent = Math.max(sent, file.endOfRun().recordsSent());
        }
        objects.sort(Comparator.comparing(ManifestObject::key));
        long landed = objects.stream().mapToLong(ManifestObject::records).sum();
        RunManifest manifest = new RunManifest(marker.runId(), sent, landed, marker.partitionCount(), objects,
                clock.instant());
        String key = layout.manifestKey(marker.runId());
        byte[] body = JsonCodec.toBytes(manifest);
        retrier.call("write " + key, fenced, () -> {
            store.put(key, body, JSON, null);
            return null;
        });
        metrics.manifestWritten();
        Log.infof("Run %s complete: manifest %s lists %d objects, %d of %d records landed", marker.runId(), key,
                objects.size(), landed, sent);
    }
}

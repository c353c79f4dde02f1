package dev.stockpipe.lakewriter.manifest;

import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RunIds;

/**
 * Keys of the lake-writer's own bookkeeping objects, next to the raw zone but outside the
 * {@code historical}/{@code realtime} trees readers scan. Only the lake-writer reads them, which
 * is why they are defined here and not in the shared layout (public for tests that watch them).
 */
public final class LedgerKeys {

    static final String MARKER_SUFFIX = ".json";

    private final String root;

    public LedgerKeys(LakeLayout layout) {
        this.root = layout.rawRoot() + "/_lake-writer/historical/";
    }

    /** Open runs of a partition after the segment ending (exclusive) at {@code endOffset}. */
    public String progress(String topic, int partition, long endOffset) {
        return root + "progress/" + topic + "+" + partition + "+" + String.format("%020d", endOffset) + ".json";
    }

    /** Prefix of the per-partition marker files of one run. */
    public String markers(String runId) {
        return root + "markers/run_id=" + RunIds.require(runId) + "/";
    }

    /** What one partition contributed to a run, written when its end-of-run marker landed. */
    public String marker(String runId, String topic, int partition) {
        return markers(runId) + topic + "+" + partition + MARKER_SUFFIX;
    }

    /**
     * Whether a listed key is a marker file. S3Proxy's filesystem backend also lists a write in
     * progress, or one it abandoned, as the key plus {@code -<uuid>}: such keys are not markers.
     */
    public static boolean isMarker(String key) {
        return key.endsWith(MARKER_SUFFIX);
    }
}

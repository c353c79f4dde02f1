package dev.stockpipe.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Written by the lake-writer to {@link LakeLayout#manifestKey(String)} once every partition's
 * end-of-run marker of a historical run has landed. The Airflow sensor waits for this file and
 * compares {@code recordsLanded} with what ingest reported.
 *
 * @param recordsSent   what ingest said it sent (sum of the markers)
 * @param recordsLanded records of this run written to the raw zone
 */
public record RunManifest(String runId, long recordsSent, long recordsLanded, int partitionCount,
        List<ManifestObject> objects, Instant writtenAt) {

    /** One raw-zone object holding records of the run. */
    public record ManifestObject(String key, int partition, long records) {
    }
}

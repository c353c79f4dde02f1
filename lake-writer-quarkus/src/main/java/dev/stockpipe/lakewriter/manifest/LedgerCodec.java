package dev.stockpipe.lakewriter.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockpipe.contracts.EndOfRun;
import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.RunManifest.ManifestObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON of the bookkeeping objects: progress entries and per-partition marker files. */
final class LedgerCodec {

    private static final String START_OFFSET = "start_offset";
    private static final String END_OFFSET = "end_offset";
    private static final String OPEN_RUNS = "open_runs";

    private LedgerCodec() {
    }

    /** A partition's contribution to a run, as written when its marker landed. */
    record MarkerFile(EndOfRun endOfRun, int partition, List<ManifestObject> objects) {
    }

    static byte[] progress(long startOffset, long endOffset, Map<String, List<ManifestObject>> openRuns) {
        ObjectNode n = JsonCodec.mapper().createObjectNode();
        n.put(START_OFFSET, startOffset);
        n.put(END_OFFSET, endOffset);
        ObjectNode runs = n.putObject(OPEN_RUNS);
        openRuns.forEach((run, objects) -> writeObjects(runs.putArray(run), objects));
        return JsonCodec.toBytes(n);
    }

    static Map<String, List<ManifestObject>> parseProgress(byte[] json) {
        JsonNode runs = JsonCodec.readTree(json).get(OPEN_RUNS);
        Map<String, List<ManifestObject>> result = new TreeMap<>();
        if (runs != null) {
            Iterator<Map.Entry<String, JsonNode>> it = runs.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                result.put(e.getKey(), readObjects(e.getValue()));
            }
        }
        return result;
    }

    static byte[] marker(MarkerFile file) {
        ObjectNode n = JsonCodec.mapper().createObjectNode();
        EndOfRun m = file.endOfRun();
        n.put(Fields.RUN_ID, m.runId());
        n.put(Fields.RECORDS_SENT, m.recordsSent());
        n.put(Fields.PARTITION_RECORDS, m.partitionRecords());
        n.put(Fields.PARTITION_COUNT, m.partitionCount());
        n.put(Fields.PARTITION, file.partition());
        writeObjects(n.putArray(Fields.OBJECTS), file.objects());
        return JsonCodec.toBytes(n);
    }

    static MarkerFile parseMarker(byte[] json) {
        JsonNode n = JsonCodec.readTree(json);
        EndOfRun m = new EndOfRun(n.get(Fields.RUN_ID).asText(), n.get(Fields.RECORDS_SENT).asLong(),
                n.get(Fields.PARTITION_RECORDS).asLong(), n.get(Fields.PARTITION_COUNT).asInt());
        return new MarkerFile(m, n.get(Fields.PARTITION).asInt(), readObjects(n.get(Fields.OBJECTS)));
    }

    private static void writeObjects(ArrayNode array, List<ManifestObject> objects) {
        for (ManifestObject o : objects) {
            array.addObject().put(Fields.KEY, o.key()).put(Fields.PARTITION, o.partition()).put(Fields.RECORDS, o.records());
        }
    }

    private static List<ManifestObject> readObjects(JsonNode array) {
        List<ManifestObject> objects = new ArrayList<>();
        for (JsonNode o : array) {
            objects.add(new ManifestObject(o.get(Fields.KEY).asText(), o.get(Fields.PARTITION).asInt(),
                    o.get(Fields.RECORDS).asLong()));
        }
        return objects;
    }
}

package dev.stockpipe.lakewriter.segment;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records of one segment that fall into one time partition: one future lake object, named
 * by the offset of its first record.
 */
public final class ObjectBuffer {

    private final String key;
    private final long firstOffset;
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream(8192);
    private final Map<String, Long> runCounts = new TreeMap<>();
    private int records;

    ObjectBuffer(String key, long firstOffset) {
        this.key = key;
        this.firstOffset = firstOffset;
    }

    void append(byte[] line, String runId) {
        lines.write(line, 0, line.length);
        lines.write('\n');
        records++;
        if (runId != null) {
            runCounts.merge(runId, 1L, Long::sum);
        }
    }

    public String key() {
        return key;
    }

    public long firstOffset() {
        return firstOffset;
    }

    public int records() {
        return records;
    }

    /** Uncompressed JSON lines. */
    public byte[] content() {
        return lines.toByteArray();
    }

    public int size() {
        return lines.size();
    }

    /** Records of each historical run in this object. */
    public Map<String, Long> runCounts() {
        return runCounts;
    }
}

package dev.stockpipe.lakewriter.segment;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records of one segment that fall into one time partition: one future lake object, named
 * by the offset of its first record.
 */
public final class ObjectBuffer {

    private final String key;
    private final long firstOffset;
    /** The lines; a plain array, not a ByteArrayOutputStream, whose synchronized writes cost on every record. */
    private byte[] lines = new byte[8192];
    private int size;
    private final Map<String, Long> runCounts = new TreeMap<>();
    private int records;

    ObjectBuffer(String key, long firstOffset) {
        this.key = key;
        this.firstOffset = firstOffset;
    }

    void append(byte[] line, String runId) {
        int needed = size + line.length + 1;
        if (needed > lines.length) {
            lines = Arrays.copyOf(lines, Math.max(needed, lines.length * 2));
        }
        System.arraycopy(line, 0, lines, size, line.length);
        lines[needed - 1] = '\n';
        size = needed;
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
        return Arrays.copyOf(lines, size);
    }

    /** Writes the uncompressed JSON lines without copying them. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(lines, 0, size);
    }

    public int size() {
        return size;
    }

    /** Records of each historical run in this object. */
    public Map<String, Long> runCounts() {
        return runCounts;
    }
}

package dev.stockpipe.spark.daily;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Data-quality outcome of one run: how many rows were read, how many broke a rule and which.
 *
 * @param invalidByReason reason (see {@link BarQuality}) → rows, in a stable order
 */
public record QualityReport(long rowsRead, long invalidRows, Map<String, Long> invalidByReason) {

    public double invalidRatio() {
        return rowsRead == 0 ? 0.0 : (double) invalidRows / rowsRead;
    }

    public boolean exceeds(double maxInvalidRatio) {
        return invalidRatio() > maxInvalidRatio;
    }

    public Map<String, Object> toSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows_read", rowsRead);
        m.put("invalid_rows", invalidRows);
        m.put("invalid_by_reason", new LinkedHashMap<>(invalidByReason));
        return m;
    }
}

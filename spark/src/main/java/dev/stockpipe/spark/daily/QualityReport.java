package dev.stockpipe.spark.daily;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Data-quality outcome of one run: how many lines were read, how many of them were usable rows, how
 * many broke a rule, which, and one example value per rule — so a failure names the field and shows
 * the value instead of leaving the user to dig through the lake.
 *
 * @param rowsRead        usable rows
 * @param invalidRows     lines that broke a rule ({@code rowsRead + invalidRows} = lines read)
 * @param invalidByReason reason (see {@link BarQuality}) → rows, in a stable order
 * @param examples        reason → one example value
 */
public record QualityReport(long rowsRead, long invalidRows, Map<String, Long> invalidByReason,
        Map<String, String> examples) {

    public static QualityReport empty() {
        return new QualityReport(0, 0, Map.of(), Map.of());
    }

    public long linesRead() {
        return rowsRead + invalidRows;
    }

    public double invalidRatio() {
        return linesRead() == 0 ? 0.0 : (double) invalidRows / linesRead();
    }

    public boolean exceeds(double maxInvalidRatio) {
        return invalidRatio() > maxInvalidRatio;
    }

    /** Reasons with their counts and examples, for an error message: {@code unparseable_ts=3 (e.g. ts='x')}. */
    public String describeInvalid() {
        StringBuilder b = new StringBuilder();
        for (var e : invalidByReason.entrySet()) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(e.getKey()).append('=').append(e.getValue());
            String example = examples.get(e.getKey());
            if (example != null && !example.isEmpty()) {
                b.append(" (e.g. ").append(example).append(')');
            }
        }
        return b.toString();
    }

    public Map<String, Object> toSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lines_read", linesRead());
        m.put("rows_read", rowsRead);
        m.put("invalid_rows", invalidRows);
        m.put("invalid_by_reason", new LinkedHashMap<>(invalidByReason));
        m.put("invalid_examples", new LinkedHashMap<>(examples));
        return m;
    }
}

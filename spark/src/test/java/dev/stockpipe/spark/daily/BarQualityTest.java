package dev.stockpipe.spark.daily;

import static dev.stockpipe.spark.daily.Bars.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.spark.SharedSpark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every rule of {@link BarQuality} flags the row that breaks it, and only that row. */
class BarQualityTest {

    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SharedSpark.session();
    }

    @Test
    void eachBrokenInvariantIsFlaggedWithItsReason() {
        Instant t = Instant.parse("2024-01-05T14:30:00Z");
        Map<String, Row> cases = new LinkedHashMap<>();
        cases.put("OK", row("OK", t, "1m", 10.0, 11.0, 9.0, 10.5, 5L));
        cases.put("FLAT", row("FLAT", t, "1d", 10.0, 10.0, 10.0, 10.0, 0L));
        cases.put("HBL", row("HBL", t, "1m", 10.0, 9.0, 11.0, 10.0, 5L));
        cases.put("OAH", row("OAH", t, "1m", 12.0, 11.0, 9.0, 10.0, 5L));
        cases.put("CBL", row("CBL", t, "1m", 10.0, 11.0, 9.0, 8.0, 5L));
        cases.put("ZERO", row("ZERO", t, "1m", 10.0, 11.0, 0.0, 10.0, 5L));
        cases.put("NAN", row("NAN", t, "1m", Double.NaN, 11.0, 9.0, 10.0, 5L));
        cases.put("INF", row("INF", t, "1m", 10.0, Double.POSITIVE_INFINITY, 9.0, 10.0, 5L));
        cases.put("NEGV", row("NEGV", t, "1m", 10.0, 11.0, 9.0, 10.0, -1L));
        cases.put("INT", row("INT", t, "2d", 10.0, 11.0, 9.0, 10.0, 5L));
        cases.put("NOTS", row("NOTS", null, "1m", 10.0, 11.0, 9.0, 10.0, 5L));
        cases.put("NOCLOSE", row("NOCLOSE", t, "1m", 10.0, 11.0, 9.0, null, 5L));

        List<Row> flagged = BarQuality.flag(spark.createDataFrame(new ArrayList<>(cases.values()), RawBars.SCHEMA))
                .select("symbol", BarQuality.ISSUE).collectAsList();
        Map<String, String> issues = new LinkedHashMap<>();
        flagged.forEach(r -> issues.put(r.getString(0), r.getString(1)));

        assertThat(issues).containsEntry("OK", null).containsEntry("FLAT", null)
                .containsEntry("HBL", BarQuality.HIGH_BELOW_LOW)
                .containsEntry("OAH", BarQuality.OPEN_OUTSIDE_RANGE)
                .containsEntry("CBL", BarQuality.CLOSE_OUTSIDE_RANGE)
                .containsEntry("ZERO", BarQuality.NON_POSITIVE_PRICE)
                .containsEntry("NAN", BarQuality.NON_POSITIVE_PRICE)
                .containsEntry("INF", BarQuality.NON_POSITIVE_PRICE)
                .containsEntry("NEGV", BarQuality.NEGATIVE_VOLUME)
                .containsEntry("INT", BarQuality.UNKNOWN_INTERVAL)
                .containsEntry("NOTS", BarQuality.MISSING_FIELD)
                .containsEntry("NOCLOSE", BarQuality.MISSING_FIELD)
                .hasSize(cases.size());
        // the job observes one count per listed reason: every rule's reason must be in the list
        assertThat(BarQuality.REASONS).containsAll(issues.values().stream().filter(java.util.Objects::nonNull).toList());
    }
}

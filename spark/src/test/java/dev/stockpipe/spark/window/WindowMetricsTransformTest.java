package dev.stockpipe.spark.window;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.spark.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * In memory, no server: the one-aggregation transform gives exactly the windows and values that
 * Spark's own {@code window()} gives, one aggregation per size — ticks on slide boundaries, a
 * microsecond before them, single-tick windows, a slide that does not divide the length.
 */
class WindowMetricsTransformTest {

    private static final StructType TICKS = new StructType()
            .add(Fields.SYMBOL, DataTypes.StringType)
            .add(Fields.TS, DataTypes.TimestampType)
            .add(Fields.PRICE, DataTypes.DoubleType)
            .add(Fields.VOLUME, DataTypes.LongType);

    @Test
    void everySizeInOneAggregationEqualsSparksWindowPerSize() {
        Dataset<Row> ticks = ticks(new Random(17), Instant.parse("2024-01-05T13:58:00Z"), Duration.ofHours(3));
        List<WindowSize> sizes = List.of(WindowSize.FIFTEEN_MINUTES, WindowSize.ONE_HOUR);

        assertSame(WindowMetricsTransform.windowMetrics(ticks, sizes, Duration.ofMinutes(5)),
                reference(ticks, sizes, Duration.ofMinutes(5)));
    }

    @Test
    void aSlideThatDoesNotDivideTheLengthStillMatches() {
        Dataset<Row> ticks = ticks(new Random(5), Instant.parse("2024-01-05T09:00:00Z"), Duration.ofMinutes(90));
        List<WindowSize> sizes = List.of(WindowSize.FIFTEEN_MINUTES);

        assertSame(WindowMetricsTransform.windowMetrics(ticks, sizes, Duration.ofMinutes(7)),
                reference(ticks, sizes, Duration.ofMinutes(7)));
    }

    @Test
    void oneTickFallsInThreePlusTwelveWindows() {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> one = spark.createDataFrame(List.of(
                RowFactory.create("AAA", Timestamp.from(Instant.parse("2024-01-05T14:05:00Z")), 10.0, 7L)), TICKS);
        List<Row> out = WindowMetricsTransform.windowMetrics(one,
                List.of(WindowSize.FIFTEEN_MINUTES, WindowSize.ONE_HOUR), Duration.ofMinutes(5)).collectAsList();

        assertThat(out).filteredOn(r -> r.getAs(Fields.WINDOW_SIZE).equals("15m")).hasSize(3)
                .allSatisfy(r -> assertThat(r.<Double>getAs(Fields.VOLATILITY)).isNull())
                .extracting(r -> r.<Timestamp>getAs(Fields.WINDOW_START).toInstant().toString())
                .containsExactlyInAnyOrder("2024-01-05T13:55:00Z", "2024-01-05T14:00:00Z", "2024-01-05T14:05:00Z");
        assertThat(out).filteredOn(r -> r.getAs(Fields.WINDOW_SIZE).equals("1h")).hasSize(12)
                .allSatisfy(r -> assertThat(r.<Long>getAs(Fields.VOLUME)).isEqualTo(7L));
    }

    private static Dataset<Row> ticks(Random random, Instant from, Duration span) {
        List<Row> rows = new ArrayList<>();
        long spanSeconds = span.toSeconds();
        for (String symbol : List.of("AAA", "BBB", "CCC")) {
            double price = 100;
            for (int i = 0; i < 400; i++) {
                Instant ts = from.plusSeconds(random.nextLong(spanSeconds)).plusNanos(random.nextInt(1_000_000) * 1_000L);
                price = Math.max(1, price + random.nextGaussian());
                rows.add(RowFactory.create(symbol, Timestamp.from(ts), price, (long) random.nextInt(1_000)));
            }
            // on a slide boundary, and a microsecond before the next one
            rows.add(RowFactory.create(symbol, Timestamp.from(from.plusSeconds(1_200)), price, 1L));
            rows.add(RowFactory.create(symbol, Timestamp.from(from.plusSeconds(1_500).minusNanos(1_000)), price, 1L));
        }
        // alone in its windows: a sample stddev of one tick is null
        rows.add(RowFactory.create("ZZZ", Timestamp.from(from.plusSeconds(61)), 5.0, 2L));
        return SharedSpark.session().createDataFrame(rows, TICKS);
    }

    /** Spark's window(), one aggregation per size. */
    private static Dataset<Row> reference(Dataset<Row> ticks, List<WindowSize> sizes, Duration slide) {
        Dataset<Row> all = null;
        for (WindowSize size : sizes) {
            Dataset<Row> one = ticks.groupBy(col(Fields.SYMBOL), window(col(Fields.TS), size.length().toSeconds() + " seconds",
                            slide.toSeconds() + " seconds").as("w"))
                    .agg(avg(col(Fields.PRICE)).as(Fields.MOVING_AVG), stddev_samp(col(Fields.PRICE)).as(Fields.VOLATILITY),
                            sum(col(Fields.VOLUME)).as(Fields.VOLUME), count(lit(1)).as(Fields.TICK_COUNT))
                    .select(col(Fields.SYMBOL), lit(size.code()).as(Fields.WINDOW_SIZE), col("w.start").as(Fields.WINDOW_START),
                            col("w.end").as(Fields.WINDOW_END), col(Fields.MOVING_AVG), col(Fields.VOLATILITY), col(Fields.VOLUME),
                            col(Fields.TICK_COUNT));
            all = all == null ? one : all.unionByName(one);
        }
        return all;
    }

    private static void assertSame(Dataset<Row> actual, Dataset<Row> expected) {
        assertThat(actual.columns()).containsExactly(expected.columns());
        Map<String, Row> a = byKey(actual);
        Map<String, Row> e = byKey(expected);
        assertThat(a.keySet()).isEqualTo(e.keySet());
        assertThat(a).hasSizeGreaterThan(30); // the comparison covered many windows, not a handful
        for (var entry : e.entrySet()) {
            Row x = entry.getValue();
            Row y = a.get(entry.getKey());
            assertThat(y.<Long>getAs(Fields.TICK_COUNT)).as(entry.getKey()).isEqualTo(x.<Long>getAs(Fields.TICK_COUNT));
            assertThat(y.<Long>getAs(Fields.VOLUME)).as(entry.getKey()).isEqualTo(x.<Long>getAs(Fields.VOLUME));
            assertThat(y.<Double>getAs(Fields.MOVING_AVG)).as(entry.getKey()).isCloseTo(x.getAs(Fields.MOVING_AVG), within(1e-9));
            if (x.isNullAt(x.fieldIndex(Fields.VOLATILITY))) {
                assertThat(y.isNullAt(y.fieldIndex(Fields.VOLATILITY))).as(entry.getKey()).isTrue();
            } else {
                assertThat(y.<Double>getAs(Fields.VOLATILITY)).as(entry.getKey()).isCloseTo(x.getAs(Fields.VOLATILITY), within(1e-9));
            }
        }
    }

    private static Map<String, Row> byKey(Dataset<Row> windows) {
        Map<String, Row> byKey = new TreeMap<>();
        for (Row r : windows.collectAsList()) {
            String key = r.getAs(Fields.SYMBOL) + "|" + r.getAs(Fields.WINDOW_SIZE) + "|" + r.getAs(Fields.WINDOW_START) + "|"
                    + r.getAs(Fields.WINDOW_END);
            assertThat(byKey.put(key, r)).as("duplicate window %s", key).isNull();
        }
        return byKey;
    }
}

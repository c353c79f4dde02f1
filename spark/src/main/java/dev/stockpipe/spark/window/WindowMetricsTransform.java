package dev.stockpipe.spark.window;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.WindowSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;

/**
 * Ticks → sliding event-time window metrics per symbol (DESIGN.md "Metrics"), every window size in
 * one aggregation. The same function serves the streaming query (with a watermark on {@code ts}) and
 * a batch Dataset in tests.
 *
 * <p>Windows are Spark's sliding windows: aligned to the epoch, {@code [start, start + length)}, one
 * starting every {@code slide}. Each tick is expanded into the windows of every size that hold it
 * (for 15m and 1h with a 5m slide: 3 + 12 rows), and one aggregation groups by symbol, size and
 * window. That is what two {@code window()} aggregations would do, but the ticks are read and parsed
 * once instead of once per size. In a stream, {@code window_end} carries the watermark of {@code ts}
 * (the metadata Spark's own {@code window()} column gets), so a window is emitted, and its state
 * dropped, once the watermark passes its end — as with {@code window()}.
 */
public final class WindowMetricsTransform {

    private static final String SPAN = "_span";
    private static final String SPAN_SIZE = "size";
    private static final String SPAN_LENGTH = "length_us";
    private static final String SPAN_BACK = "back_us";
    private static final String TS_US = "_ts_us";
    private static final String SIZE = "_size";
    private static final String END_US = "_end_us";

    private WindowMetricsTransform() {
    }

    /**
     * One row per (symbol, window size, window): {@code moving_avg} (mean price), {@code volatility}
     * (sample stddev, null for a single tick), {@code volume}, {@code tick_count}.
     */
    public static Dataset<Row> windowMetrics(Dataset<Row> ticks, List<WindowSize> sizes, Duration slide) {
        long slideUs = micros(slide);
        List<Column> spans = new ArrayList<>();
        List<Column> codes = new ArrayList<>();
        List<Column> lengths = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            long lengthUs = micros(sizes.get(i).length());
            codes.add(lit(sizes.get(i).code()));
            lengths.add(lit(lengthUs));
            for (long back = 0; back < lengthUs; back += slideUs) {
                spans.add(struct(lit(i).as(SPAN_SIZE), lit(lengthUs).as(SPAN_LENGTH), lit(back).as(SPAN_BACK)));
            }
        }
        Column tsUs = col(TS_US);
        Column startUs = tsUs.minus(pmod(tsUs, lit(slideUs))).minus(col(SPAN + "." + SPAN_BACK));
        // the watermark's metadata when ts has one (a stream), else none (a batch)
        Metadata eventTime = ticks.schema().apply(Fields.TS).metadata();
        // the grouping key is kept narrow (symbol, size index, end): start and code follow from it
        Dataset<Row> expanded = ticks
                .select(col(Fields.SYMBOL), col(Fields.PRICE), col(Fields.VOLUME), unix_micros(col(Fields.TS)).as(TS_US),
                        explode(array(spans.toArray(Column[]::new))).as(SPAN))
                .select(col(Fields.SYMBOL), col(Fields.PRICE), col(Fields.VOLUME), tsUs,
                        col(SPAN + "." + SPAN_SIZE).as(SIZE),
                        startUs.plus(col(SPAN + "." + SPAN_LENGTH)).as(END_US))
                // a window holds ts when start <= ts < end; start <= ts always, so only the end is checked
                // (it matters when the slide does not divide the length)
                .filter(tsUs.lt(col(END_US)))
                .select(col(Fields.SYMBOL), col(Fields.PRICE), col(Fields.VOLUME), col(SIZE),
                        timestamp_micros(col(END_US)).as(Fields.WINDOW_END, eventTime));
        Column size = col(SIZE).plus(1);
        return expanded.groupBy(col(Fields.SYMBOL), col(SIZE), col(Fields.WINDOW_END))
                .agg(avg(col(Fields.PRICE)).as(Fields.MOVING_AVG),
                        stddev_samp(col(Fields.PRICE)).as(Fields.VOLATILITY),
                        sum(col(Fields.VOLUME)).as(Fields.VOLUME),
                        count(lit(1)).as(Fields.TICK_COUNT))
                .select(col(Fields.SYMBOL),
                        element_at(array(codes.toArray(Column[]::new)), size).as(Fields.WINDOW_SIZE),
                        timestamp_micros(unix_micros(col(Fields.WINDOW_END))
                                .minus(element_at(array(lengths.toArray(Column[]::new)), size))).as(Fields.WINDOW_START),
                        // the output is plain data: the watermark tag stays inside the aggregation
                        col(Fields.WINDOW_END).as(Fields.WINDOW_END, Metadata.empty()),
                        col(Fields.MOVING_AVG),
                        col(Fields.VOLATILITY),
                        col(Fields.VOLUME),
                        col(Fields.TICK_COUNT));
    }

    /** Spark interval text for a duration, in whole seconds. */
    static String interval(Duration d) {
        return d.toSeconds() + " seconds";
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1_000;
    }
}

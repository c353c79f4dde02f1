package dev.stockpipe.spark.window;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.window;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.WindowSize;
import java.time.Duration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ticks → sliding event-time window metrics per symbol (DESIGN.md "Metrics"). The same function
 * serves a streaming query (with a watermark on {@code ts}) and a batch Dataset in tests.
 */
public final class WindowMetricsTransform {

    private static final String WINDOW = "_window";

    private WindowMetricsTransform() {
    }

    /**
     * One row per (symbol, window): {@code moving_avg} (mean price), {@code volatility} (sample
     * stddev, null for a single tick), {@code volume}, {@code tick_count}.
     */
    public static Dataset<Row> windowMetrics(Dataset<Row> ticks, WindowSize size, Duration slide) {
        return ticks.groupBy(col(Fields.SYMBOL), window(col(Fields.TS), interval(size.length()), interval(slide)).as(WINDOW))
                .agg(avg(col(Fields.PRICE)).as(Fields.MOVING_AVG),
                        stddev_samp(col(Fields.PRICE)).as(Fields.VOLATILITY),
                        sum(col(Fields.VOLUME)).as(Fields.VOLUME),
                        count(lit(1)).as(Fields.TICK_COUNT))
                .select(col(Fields.SYMBOL),
                        lit(size.code()).as(Fields.WINDOW_SIZE),
                        col(WINDOW + ".start").as(Fields.WINDOW_START),
                        col(WINDOW + ".end").as(Fields.WINDOW_END),
                        col(Fields.MOVING_AVG),
                        col(Fields.VOLATILITY),
                        col(Fields.VOLUME),
                        col(Fields.TICK_COUNT));
    }

    /** Spark interval text for a duration, in whole seconds. */
    static String interval(Duration d) {
        return d.toSeconds() + " seconds";
    }
}

package dev.stockpipe.spark.daily;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.DailyMetrics;
import dev.stockpipe.contracts.Fields;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Valid bars → daily metrics per (symbol, trading date) (DESIGN.md "Metrics"). Pure
 * {@code Dataset → Dataset} steps, so tests run them on small in-memory data.
 *
 * <p>Nothing here depends on input order: open and close are picked by bar time, not by row
 * position. Needs a UTC session time zone (see {@code SparkSessions.applySqlDefaults}).
 */
public final class DailyMetricsTransform {

    /** The bar columns {@link #compute} reads; anything else can be dropped before it. */
    public static final List<String> INPUT_COLUMNS = List.of(Fields.SYMBOL, Fields.TS, Fields.INTERVAL, Fields.OPEN,
            Fields.HIGH, Fields.LOW, Fields.CLOSE, Fields.VOLUME, Fields.RUN_ID);

    private static final String INTERVAL_SECONDS = "_interval_s";
    private static final String FINEST = "_finest_interval_s";
    private static final String BAR = "_bar";

    /** The percentage-change rule is written once, in contracts; Spark calls it. */
    private static final UserDefinedFunction PCT_CHANGE = udf(
            (UDF2<Double, Double, Double>) DailyMetrics::pctChange, DataTypes.DoubleType).asNonNullable();

    private DailyMetricsTransform() {
    }

    /** All steps: trading date, finest interval per day, dedup (symbol, ts), aggregate. */
    public static Dataset<Row> compute(Dataset<Row> validBars, ZoneId exchangeZone) {
        return aggregate(dedup(keepFinestInterval(withTradeDate(validBars, exchangeZone))));
    }

    /** Adds {@code trade_date}: the exchange-local date of the bar (DST-aware). */
    public static Dataset<Row> withTradeDate(Dataset<Row> bars, ZoneId exchangeZone) {
        return bars.withColumn(Fields.TRADE_DATE, tradeDate(col(Fields.TS), exchangeZone));
    }

    public static Column tradeDate(Column ts, ZoneId exchangeZone) {
        return to_date(from_utc_timestamp(ts, exchangeZone.getId()));
    }

    /**
     * When one (symbol, trading date) has bars of several intervals (a 1d backfill and a 1m backfill
     * of the same day), only the finest interval is kept: summing both would double the volume and
     * the bar count. A day with one interval is unchanged.
     */
    public static Dataset<Row> keepFinestInterval(Dataset<Row> bars) {
        Column seconds = null;
        for (BarInterval i : BarInterval.values()) {
            Column hit = col(Fields.INTERVAL).equalTo(i.code());
            seconds = seconds == null ? when(hit, lit(i.length().toSeconds())) : seconds.when(hit, lit(i.length().toSeconds()));
        }
        return bars.withColumn(INTERVAL_SECONDS, seconds)
                .withColumn(FINEST, min(col(INTERVAL_SECONDS)).over(Window.partitionBy(Fields.SYMBOL, Fields.TRADE_DATE)))
                .filter(col(INTERVAL_SECONDS).equalTo(col(FINEST)))
                .drop(INTERVAL_SECONDS, FINEST);
    }

    /**
     * One bar per (symbol, ts). Copies normally are identical (a replayed Kafka record); when they
     * differ, the copy with the greatest run_id (then values) wins, so reruns give the same output.
     */
    public static Dataset<Row> dedup(Dataset<Row> bars) {
        return bars.groupBy(col(Fields.SYMBOL), col(Fields.TRADE_DATE), col(Fields.TS))
                .agg(max(struct(col(Fields.RUN_ID), col(Fields.OPEN), col(Fields.HIGH), col(Fields.LOW),
                        col(Fields.CLOSE), col(Fields.VOLUME))).as(BAR))
                .select(col(Fields.SYMBOL), col(Fields.TRADE_DATE), col(Fields.TS),
                        col(BAR + "." + Fields.OPEN).as(Fields.OPEN), col(BAR + "." + Fields.HIGH).as(Fields.HIGH),
                        col(BAR + "." + Fields.LOW).as(Fields.LOW), col(BAR + "." + Fields.CLOSE).as(Fields.CLOSE),
                        col(BAR + "." + Fields.VOLUME).as(Fields.VOLUME));
    }

    /** Deduplicated bars with {@code trade_date} → one row per (symbol, trade_date). */
    public static Dataset<Row> aggregate(Dataset<Row> bars) {
        String first = "_first";
        String last = "_last";
        return bars.groupBy(col(Fields.SYMBOL), col(Fields.TRADE_DATE))
                .agg(min(struct(col(Fields.TS), col(Fields.OPEN))).as(first),
                        max(struct(col(Fields.TS), col(Fields.CLOSE))).as(last),
                        max(col(Fields.HIGH)).as(Fields.DAILY_HIGH),
                        min(col(Fields.LOW)).as(Fields.DAILY_LOW),
                        sum(col(Fields.VOLUME)).as(Fields.DAILY_VOLUME),
                        count(lit(1)).as(Fields.BAR_COUNT))
                .select(col(Fields.SYMBOL),
                        col(Fields.TRADE_DATE),
                        col(first + "." + Fields.OPEN).as(Fields.DAILY_OPEN),
                        col(Fields.DAILY_HIGH),
                        col(Fields.DAILY_LOW),
                        col(last + "." + Fields.CLOSE).as(Fields.DAILY_CLOSE),
                        col(Fields.DAILY_VOLUME),
                        PCT_CHANGE.apply(col(first + "." + Fields.OPEN), col(last + "." + Fields.CLOSE)).as(Fields.PCT_CHANGE),
                        col(Fields.BAR_COUNT));
    }
}

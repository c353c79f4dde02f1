package dev.stockpipe.spark.daily;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
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

    /**
     * All steps: trading date, dedup (symbol, ts), one aggregate per (symbol, trading date, interval),
     * then the finest interval of each day.
     *
     * <p>Shaped for one shuffle and one sort of the bars: the bars are partitioned by (symbol, trading
     * date) once; the dedup, which needs the struct-valued max of each copy (a sort-based aggregate),
     * sorts within those partitions; the daily aggregate uses only fixed-width buffers
     * ({@code min_by}/{@code max_by} by ts), so Spark runs it as a hash aggregate without another sort;
     * the finest interval is chosen among the few per-interval daily rows instead of over every bar.
     * Picking the finest interval after aggregating gives the same rows: within a (symbol, date) the
     * finest interval's bars are aggregated on their own, exactly as if the coarser ones had been
     * dropped first, and the dedup key (symbol, ts) never spans two intervals of one kept day.
     */
    public static Dataset<Row> compute(Dataset<Row> validBars, ZoneId exchangeZone) {
        return keepFinestInterval(aggregate(dedup(withIntervalSeconds(withTradeDate(validBars, exchangeZone)))));
    }

    /** Adds {@code trade_date}: the exchange-local date of the bar (DST-aware). */
    public static Dataset<Row> withTradeDate(Dataset<Row> bars, ZoneId exchangeZone) {
        return bars.withColumn(Fields.TRADE_DATE, tradeDate(col(Fields.TS), exchangeZone));
    }

    public static Column tradeDate(Column ts, ZoneId exchangeZone) {
        return to_date(from_utc_timestamp(ts, exchangeZone.getId()));
    }

    /** Adds the bar's interval in seconds: the finest interval is the smallest. */
    static Dataset<Row> withIntervalSeconds(Dataset<Row> bars) {
        Column seconds = null;
        for (BarInterval i : BarInterval.values()) {
            Column hit = col(Fields.INTERVAL).equalTo(i.code());
            seconds = seconds == null ? when(hit, lit(i.length().toSeconds())) : seconds.when(hit, lit(i.length().toSeconds()));
        }
        return bars.withColumn(INTERVAL_SECONDS, seconds);
    }

    /**
     * One bar per (symbol, ts) of an interval. Copies normally are identical (a replayed Kafka record);
     * when they differ, the copy with the greatest run_id (then values) wins, so reruns give the same output.
     */
    static Dataset<Row> dedup(Dataset<Row> bars) {
        return bars.repartition(col(Fields.SYMBOL), col(Fields.TRADE_DATE))
                .groupBy(col(Fields.SYMBOL), col(Fields.TRADE_DATE), col(INTERVAL_SECONDS), col(Fields.TS))
                .agg(max(struct(col(Fields.RUN_ID), col(Fields.OPEN), col(Fields.HIGH), col(Fields.LOW),
                        col(Fields.CLOSE), col(Fields.VOLUME))).as(BAR))
                .select(col(Fields.SYMBOL), col(Fields.TRADE_DATE), col(INTERVAL_SECONDS), col(Fields.TS),
                        col(BAR + "." + Fields.OPEN).as(Fields.OPEN), col(BAR + "." + Fields.HIGH).as(Fields.HIGH),
                        col(BAR + "." + Fields.LOW).as(Fields.LOW), col(BAR + "." + Fields.CLOSE).as(Fields.CLOSE),
                        col(BAR + "." + Fields.VOLUME).as(Fields.VOLUME));
    }

    /**
     * Deduplicated bars → one row per (symbol, trade_date, interval). Open and close are picked by bar
     * time; after the dedup each ts occurs once per (symbol, interval), so there is no tie to break.
     */
    static Dataset<Row> aggregate(Dataset<Row> bars) {
        return bars.groupBy(col(Fields.SYMBOL), col(Fields.TRADE_DATE), col(INTERVAL_SECONDS))
                .agg(min_by(col(Fields.OPEN), col(Fields.TS)).as(Fields.DAILY_OPEN),
                        max(col(Fields.HIGH)).as(Fields.DAILY_HIGH),
                        min(col(Fields.LOW)).as(Fields.DAILY_LOW),
                        max_by(col(Fields.CLOSE), col(Fields.TS)).as(Fields.DAILY_CLOSE),
                        sum(col(Fields.VOLUME)).as(Fields.DAILY_VOLUME),
                        count(lit(1)).as(Fields.BAR_COUNT));
    }

    /**
     * When one (symbol, trading date) has bars of several intervals (a 1d backfill and a 1m backfill
     * of the same day), only the finest interval's row is kept: summing both would double the volume
     * and the bar count. A day with one interval is unchanged.
     */
    static Dataset<Row> keepFinestInterval(Dataset<Row> perInterval) {
        return perInterval
                .withColumn(FINEST, min(col(INTERVAL_SECONDS)).over(Window.partitionBy(Fields.SYMBOL, Fields.TRADE_DATE)))
                .filter(col(INTERVAL_SECONDS).equalTo(col(FINEST)))
                .select(col(Fields.SYMBOL),
                        col(Fields.TRADE_DATE),
                        col(Fields.DAILY_OPEN),
                        col(Fields.DAILY_HIGH),
                        col(Fields.DAILY_LOW),
                        col(Fields.DAILY_CLOSE),
                        col(Fields.DAILY_VOLUME),
                        PCT_CHANGE.apply(col(Fields.DAILY_OPEN), col(Fields.DAILY_CLOSE)).as(Fields.PCT_CHANGE),
                        col(Fields.BAR_COUNT));
    }
}

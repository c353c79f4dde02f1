package dev.stockpipe.spark.daily;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.Fields;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Flags bars that break the OHLC invariants or the contract. The lake-writer validates before
 * landing, so any hit here means something upstream changed — which is exactly why the job still
 * counts them, reports them by reason and fails above a threshold instead of averaging them in.
 */
public final class BarQuality {

    /** Column added by {@link #flag}: null for a good bar, else the first rule it breaks. */
    public static final String ISSUE = "_quality_issue";

    public static final String MALFORMED = "malformed_json";
    public static final String MISSING_FIELD = "missing_field";
    public static final String UNKNOWN_INTERVAL = "unknown_interval";
    public static final String NON_POSITIVE_PRICE = "non_positive_or_non_finite_price";
    public static final String HIGH_BELOW_LOW = "high_below_low";
    public static final String OPEN_OUTSIDE_RANGE = "open_outside_high_low";
    public static final String CLOSE_OUTSIDE_RANGE = "close_outside_high_low";
    public static final String NEGATIVE_VOLUME = "negative_volume";

    private BarQuality() {
    }

    public static Dataset<Row> flag(Dataset<Row> bars) {
        Column open = col(Fields.OPEN);
        Column high = col(Fields.HIGH);
        Column low = col(Fields.LOW);
        Column close = col(Fields.CLOSE);
        Column malformed = Arrays.asList(bars.columns()).contains(RawBars.CORRUPT_RECORD)
                ? col(RawBars.CORRUPT_RECORD).isNotNull()
                : lit(false);
        Column missing = col(Fields.SYMBOL).isNull().or(col(Fields.TS).isNull()).or(col(Fields.INTERVAL).isNull())
                .or(open.isNull()).or(high.isNull()).or(low.isNull()).or(close.isNull()).or(col(Fields.VOLUME).isNull());
        Column badPrice = badPrice(open).or(badPrice(high)).or(badPrice(low)).or(badPrice(close));
        Column issue = when(malformed, lit(MALFORMED))
                .when(missing, lit(MISSING_FIELD))
                .when(not(col(Fields.INTERVAL).isin((Object[]) BarInterval.codes())), lit(UNKNOWN_INTERVAL))
                .when(badPrice, lit(NON_POSITIVE_PRICE))
                .when(high.lt(low), lit(HIGH_BELOW_LOW))
                .when(open.lt(low).or(open.gt(high)), lit(OPEN_OUTSIDE_RANGE))
                .when(close.lt(low).or(close.gt(high)), lit(CLOSE_OUTSIDE_RANGE))
                .when(col(Fields.VOLUME).lt(0), lit(NEGATIVE_VOLUME))
                .otherwise(lit(null).cast("string"));
        return bars.withColumn(ISSUE, issue);
    }

    /** Spark orders NaN above every number, so "> 0" alone would let NaN through. */
    private static Column badPrice(Column price) {
        return isnan(price).or(price.leq(0)).or(price.equalTo(lit(Double.POSITIVE_INFINITY)));
    }

    private static Column not(Column c) {
        return org.apache.spark.sql.functions.not(c);
    }
}

package dev.stockpipe.spark.daily;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.Fields;
import dev.stockpipe.spark.lake.RawJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Flags bars that break the OHLC invariants or the contract. The lake-writer validates before
 * landing, so any hit here means something upstream changed — which is exactly why the job still
 * counts them, reports them by reason with an example and fails above a threshold instead of
 * averaging them in.
 */
public final class BarQuality {

    /** Column added by {@link #flag}: null for a good bar, else the first rule it breaks. */
    public static final String ISSUE = RawJson.ISSUE;
    /** Column added by {@link #flag}: for a bad bar, one value showing why. */
    public static final String EXAMPLE = RawJson.EXAMPLE;

    public static final String MALFORMED = RawJson.MALFORMED_JSON;
    public static final String WRONG_TYPE = RawJson.WRONG_TYPE;
    public static final String UNPARSEABLE_TS = RawJson.UNPARSEABLE_TS;
    public static final String MISSING_FIELD = RawJson.MISSING_FIELD;
    public static final String INVALID_SYMBOL = RawJson.INVALID_SYMBOL;
    public static final String UNKNOWN_INTERVAL = "unknown_interval";
    public static final String NON_POSITIVE_PRICE = RawJson.NON_POSITIVE_PRICE;
    public static final String HIGH_BELOW_LOW = "high_below_low";
    public static final String OPEN_OUTSIDE_RANGE = "open_outside_high_low";
    public static final String CLOSE_OUTSIDE_RANGE = "close_outside_high_low";
    public static final String NEGATIVE_VOLUME = RawJson.NEGATIVE_VOLUME;

    /** Every reason a bar can be flagged with, in rule order (the job observes one count per reason). */
    public static final List<String> REASONS = List.of(MALFORMED, WRONG_TYPE, UNPARSEABLE_TS, MISSING_FIELD, INVALID_SYMBOL,
            UNKNOWN_INTERVAL, NON_POSITIVE_PRICE, HIGH_BELOW_LOW, OPEN_OUTSIDE_RANGE, CLOSE_OUTSIDE_RANGE, NEGATIVE_VOLUME);

    /** The fields a bar cannot be used without ({@code adj_close} may be null). */
    static final List<String> REQUIRED = List.of(Fields.SYMBOL, Fields.TS, Fields.INTERVAL, Fields.OPEN, Fields.HIGH,
            Fields.LOW, Fields.CLOSE, Fields.VOLUME);

    private BarQuality() {
    }

    /** Adds {@link #ISSUE} and {@link #EXAMPLE} to bars as {@link RawBars#read} gives them (or typed test rows). */
    public static Dataset<Row> flag(Dataset<Row> bars) {
        Column open = col(Fields.OPEN);
        Column high = col(Fields.HIGH);
        Column low = col(Fields.LOW);
        Column close = col(Fields.CLOSE);
        List<RawJson.Rule> rules = new ArrayList<>(RawJson.parseRules(bars, RawBars.SCHEMA, REQUIRED));
        rules.add(RawJson.invalidSymbol());
        rules.add(new RawJson.Rule(UNKNOWN_INTERVAL, not(col(Fields.INTERVAL).isin((Object[]) BarInterval.codes())),
                concat(lit(Fields.INTERVAL + "='"), col(Fields.INTERVAL), lit("'"))));
        rules.add(RawJson.nonPositivePrice(List.of(Fields.OPEN, Fields.HIGH, Fields.LOW, Fields.CLOSE)));
        rules.add(new RawJson.Rule(HIGH_BELOW_LOW, high.lt(low), pair(Fields.HIGH, high, Fields.LOW, low)));
        rules.add(new RawJson.Rule(OPEN_OUTSIDE_RANGE, open.lt(low).or(open.gt(high)), pair(Fields.OPEN, open, Fields.LOW, low)));
        rules.add(new RawJson.Rule(CLOSE_OUTSIDE_RANGE, close.lt(low).or(close.gt(high)),
                pair(Fields.CLOSE, close, Fields.HIGH, high)));
        rules.add(RawJson.negative(NEGATIVE_VOLUME, Fields.VOLUME));
        return RawJson.flag(bars, rules);
    }

    private static Column pair(String a, Column av, String b, Column bv) {
        return concat(lit(a + "="), av.cast("string"), lit(" " + b + "="), bv.cast("string"));
    }
}

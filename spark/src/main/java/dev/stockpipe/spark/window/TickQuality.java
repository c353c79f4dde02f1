package dev.stockpipe.spark.window;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.spark.lake.RawJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Flags ticks the window metrics cannot use, by the validator's rules. From the raw zone every tick
 * already passed the lake-writer's validation; straight from Kafka ({@code --source kafka}) nothing
 * did, so the stream applies the same rules and counts each reason instead of averaging bad prices in.
 */
public final class TickQuality {

    public static final String NEGATIVE_SEQ = "negative_seq";

    /** Every reason a tick can be flagged with, in rule order (the stream observes one count per reason). */
    public static final List<String> REASONS = List.of(RawJson.MALFORMED_JSON, RawJson.WRONG_TYPE,
            RawJson.UNPARSEABLE_TS, RawJson.MISSING_FIELD, RawJson.INVALID_SYMBOL, RawJson.NON_POSITIVE_PRICE, RawJson.NEGATIVE_VOLUME,
            NEGATIVE_SEQ);

    static final List<String> REQUIRED = List.of(Fields.SYMBOL, Fields.TS, Fields.PRICE, Fields.VOLUME, Fields.SEQ);

    private TickQuality() {
    }

    /** Adds {@link RawJson#ISSUE} and {@link RawJson#EXAMPLE}. */
    public static Dataset<Row> flag(Dataset<Row> ticks) {
        List<RawJson.Rule> rules = new ArrayList<>(RawJson.parseRules(ticks, RawTicks.SCHEMA, REQUIRED));
        rules.add(RawJson.invalidSymbol());
        rules.add(RawJson.nonPositivePrice(List.of(Fields.PRICE)));
        rules.add(RawJson.negative(RawJson.NEGATIVE_VOLUME, Fields.VOLUME));
        rules.add(RawJson.negative(NEGATIVE_SEQ, Fields.SEQ));
        return RawJson.flag(ticks, rules);
    }
}

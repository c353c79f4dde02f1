package dev.stockpipe.spark.lake;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Timestamps;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How Spark reads a JSON line of the raw zone, for bars and ticks alike, so both readers accept exactly
 * what the lake-writer's validator accepts and name what they cannot use.
 *
 * <ul>
 *   <li>{@code ts} is read as text and turned into a timestamp by the one rule in contracts
 *       ({@link Timestamps#REGEX}, then Spark's own ISO cast, microseconds, never rounded): Spark's
 *       {@code timestampFormat} takes one pattern only, and a line whose {@code ts} it cannot read
 *       would be reported as malformed JSON.</li>
 *   <li>A line Spark cannot convert is kept in {@link #CORRUPT_RECORD}: with every field null it is
 *       malformed JSON; with some fields read it is well-formed JSON with a value of the wrong type.</li>
 *   <li>Every unusable row gets a reason and one example value ({@link #ISSUE}, {@link #EXAMPLE}) from a
 *       list of {@link Rule}s: the parse rules here first, then the caller's value rules.</li>
 * </ul>
 */
public final class RawJson {

    /** Holds the raw text of a line that did not convert. */
    public static final String CORRUPT_RECORD = "_corrupt_record";
    /** The {@code ts} text as it was in the line. */
    public static final String TS_TEXT = "_ts_text";
    /** Null for a usable row, else the first rule it breaks. */
    public static final String ISSUE = "_issue";
    /** For an unusable row: one value showing why (the field and its text, or the line's start). */
    public static final String EXAMPLE = "_issue_example";

    public static final String MALFORMED_JSON = "malformed_json";
    public static final String WRONG_TYPE = "wrong_type";
    public static final String UNPARSEABLE_TS = "unparseable_ts";
    public static final String MISSING_FIELD = "missing_field";
    // value rules that bars and ticks share
    public static final String INVALID_SYMBOL = "invalid_symbol";
    public static final String NON_POSITIVE_PRICE = "non_positive_or_non_finite_price";
    public static final String NEGATIVE_VOLUME = "negative_volume";

    private static final int EXAMPLE_CHARS = 120;
    private static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

    /** A rule an unusable row breaks: its reason code, when it applies, and the example to report. */
    public record Rule(String reason, Column broken, Column example) {
    }

    private RawJson() {
    }

    /**
     * The schema Spark is given for a contract schema: {@code ts} as text, plus {@link #CORRUPT_RECORD}.
     */
    public static StructType readSchema(StructType contract) {
        StructType schema = new StructType();
        for (StructField f : contract.fields()) {
            schema = schema.add(f.name(), f.name().equals(Fields.TS) ? DataTypes.StringType : f.dataType(), true);
        }
        return schema.add(CORRUPT_RECORD, DataTypes.StringType);
    }

    /** Spark JSON options that go with {@link #readSchema}. */
    public static java.util.Map<String, String> readOptions() {
        return java.util.Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT_RECORD);
    }

    /**
     * Keeps the {@code ts} text in {@link #TS_TEXT} and replaces {@code ts} by the instant it means, or null.
     * Needs the UTC session time zone every job sets ({@code SparkSessions.applySqlDefaults}), see {@link #parseTs}.
     */
    public static Dataset<Row> withParsedTs(Dataset<Row> read) {
        String zone = read.sparkSession().conf().get(SESSION_TIME_ZONE);
        if (!ZoneId.of(zone).normalized().equals(ZoneOffset.UTC)) {
            throw new IllegalStateException("Raw timestamps are read in a UTC session, but " + SESSION_TIME_ZONE + " is " + zone
                    + ": apply SparkSessions.applySqlDefaults to the session first");
        }
        return read.withColumn(TS_TEXT, col(Fields.TS)).withColumn(Fields.TS, parseTs(col(Fields.TS)));
    }

    /**
     * The contracts' timestamp rule as a Spark expression: null for any text the rule rejects. A text
     * that names its zone makes Spark look the zone up for every row (two regular expressions compiled
     * per call: a fifth of the daily job's CPU); the canonical form ends in {@code Z}, so it is read
     * without the {@code Z} in the session's zone, which is UTC (checked by {@link #withParsedTs}):
     * the same instant, without the lookup. Numeric offsets take Spark's own path.
     */
    public static Column parseTs(Column text) {
        Column withoutZ = substring_index(text, "Z", 1); // the rule allows no other Z: everything before it
        return when(text.rlike(Timestamps.REGEX),
                when(text.endsWith("Z"), to_timestamp(withoutZ)).otherwise(to_timestamp(text)));
    }

    /**
     * The parse rules, in order: malformed JSON, a value of the wrong type, an unreadable {@code ts}, a
     * missing field. Columns that a dataset does not have (in-memory test data has no corrupt-record or
     * ts-text column) switch their rule off.
     *
     * @param contract   the record's fields as the contract types them
     * @param required   the fields that must be present
     */
    public static List<Rule> parseRules(Dataset<Row> rows, StructType contract, List<String> required) {
        List<String> columns = Arrays.asList(rows.columns());
        List<Rule> rules = new ArrayList<>();
        if (columns.contains(CORRUPT_RECORD)) {
            Column corrupt = col(CORRUPT_RECORD);
            Column nothingRead = lit(true);
            for (String f : contract.fieldNames()) {
                nothingRead = nothingRead.and(col(f).isNull());
            }
            rules.add(new Rule(MALFORMED_JSON, corrupt.isNotNull().and(nothingRead),
                    substring(corrupt, 1, EXAMPLE_CHARS)));
            rules.add(new Rule(WRONG_TYPE, corrupt.isNotNull(), wrongTypeExample(contract)));
        }
        if (columns.contains(TS_TEXT)) {
            rules.add(new Rule(UNPARSEABLE_TS, col(TS_TEXT).isNotNull().and(col(Fields.TS).isNull()),
                    concat(lit(Fields.TS + "='"), substring(col(TS_TEXT), 1, EXAMPLE_CHARS), lit("'"))));
        }
        Column anyMissing = lit(false);
        Column firstMissing = lit(null).cast(DataTypes.StringType);
        for (int i = required.size() - 1; i >= 0; i--) {
            Column missing = col(required.get(i)).isNull();
            anyMissing = anyMissing.or(missing);
            firstMissing = when(missing, lit(required.get(i))).otherwise(firstMissing);
        }
        rules.add(new Rule(MISSING_FIELD, anyMissing, firstMissing));
        return rules;
    }

    /** The first typed field the line holds a value for that Spark could not convert: {@code open="abc"}. */
    private static Column wrongTypeExample(StructType contract) {
        Column example = concat(lit("line="), substring(col(CORRUPT_RECORD), 1, EXAMPLE_CHARS));
        StructField[] fields = contract.fields();
        for (int i = fields.length - 1; i >= 0; i--) {
            String f = fields[i].name();
            if (fields[i].dataType().equals(DataTypes.StringType) || f.equals(Fields.TS)) {
                continue;
            }
            Column text = get_json_object(col(CORRUPT_RECORD), "$." + f);
            example = when(col(f).isNull().and(text.isNotNull()), concat(lit(f + "="), substring(text, 1, EXAMPLE_CHARS)))
                    .otherwise(example);
        }
        return example;
    }

    /** The symbol is not an upper-case ticker (the validator's rule). */
    public static Rule invalidSymbol() {
        return new Rule(INVALID_SYMBOL, not(col(Fields.SYMBOL).rlike(RecordValidator.SYMBOL_REGEX)),
                concat(lit(Fields.SYMBOL + "='"), col(Fields.SYMBOL), lit("'")));
    }

    /** One of the price fields is NaN, infinite or not positive; the example names the first such field. */
    public static Rule nonPositivePrice(List<String> priceFields) {
        Column first = lit(null).cast(DataTypes.StringType);
        Column any = lit(false);
        for (int i = priceFields.size() - 1; i >= 0; i--) {
            Column price = col(priceFields.get(i));
            first = when(badPrice(price), concat(lit(priceFields.get(i) + "="), price.cast("string"))).otherwise(first);
            any = any.or(badPrice(price));
        }
        return new Rule(NON_POSITIVE_PRICE, any, first);
    }

    /** Spark orders NaN above every number, so "> 0" alone would let NaN through. */
    private static Column badPrice(Column price) {
        return isnan(price).or(price.leq(0)).or(price.equalTo(lit(Double.POSITIVE_INFINITY)));
    }

    /** The field is below zero. */
    public static Rule negative(String reason, String field) {
        return new Rule(reason, col(field).lt(0), concat(lit(field + "="), col(field).cast("string")));
    }

    /**
     * Adds {@link #ISSUE} and {@link #EXAMPLE}: the first rule a row breaks, in list order. The example
     * is looked for only in rows that broke a rule: for the usable ones (nearly all) the rules are
     * evaluated once, not once more for an example that is null anyway.
     */
    public static Dataset<Row> flag(Dataset<Row> rows, List<Rule> rules) {
        Column issue = lit(null).cast(DataTypes.StringType);
        Column example = lit(null).cast(DataTypes.StringType);
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            issue = when(r.broken(), lit(r.reason())).otherwise(issue);
            example = when(r.broken(), coalesce(r.example(), lit(""))).otherwise(example);
        }
        return rows.withColumn(ISSUE, issue).withColumn(EXAMPLE, when(col(ISSUE).isNotNull(), example));
    }
}

package dev.stockpipe.bench;

import static dev.stockpipe.contracts.Fields.BAR_COUNT;
import static dev.stockpipe.contracts.Fields.DAILY_CLOSE;
import static dev.stockpipe.contracts.Fields.DAILY_HIGH;
import static dev.stockpipe.contracts.Fields.DAILY_LOW;
import static dev.stockpipe.contracts.Fields.DAILY_OPEN;
import static dev.stockpipe.contracts.Fields.DAILY_VOLUME;
import static dev.stockpipe.contracts.Fields.LOADED_AT;
import static dev.stockpipe.contracts.Fields.PCT_CHANGE;
import static dev.stockpipe.contracts.Fields.RUN_ID;
import static dev.stockpipe.contracts.Fields.SYMBOL;
import static dev.stockpipe.contracts.Fields.TRADE_DATE;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The hand-written baseline of benchmark 4: what a DBA would type to load the same rows — a
 * stage filled by the database's own bulk path, then one MERGE that keeps one row per key and
 * updates only changed rows (the loader's semantics), written out independently of the loader.
 */
final class BaselineMerge {

    static final List<String> KEYS = List.of(SYMBOL, TRADE_DATE);
    static final List<String> VALUES = List.of(DAILY_OPEN, DAILY_HIGH, DAILY_LOW, DAILY_CLOSE, DAILY_VOLUME, PCT_CHANGE, BAR_COUNT);
    static final List<String> LINEAGE = List.of(LOADED_AT, RUN_ID);

    private BaselineMerge() {
    }

    static List<String> allColumns() {
        List<String> all = new java.util.ArrayList<>(KEYS);
        all.addAll(VALUES);
        all.addAll(LINEAGE);
        return all;
    }

    static String columnList() {
        return String.join(", ", allColumns());
    }

    /** DDL of the daily table for DuckDB (PostgreSQL copies the loader's table with LIKE … INCLUDING ALL). */
    static String duckDbTable(String name) {
        return "CREATE TABLE " + name + " (" + SYMBOL + " VARCHAR NOT NULL, " + TRADE_DATE + " DATE NOT NULL, "
                + VALUES.stream().map(v -> v + (v.equals(DAILY_VOLUME) || v.equals(BAR_COUNT) ? " BIGINT" : " DOUBLE") + " NOT NULL")
                        .collect(Collectors.joining(", "))
                + ", " + LOADED_AT + " TIMESTAMP NOT NULL, " + RUN_ID + " VARCHAR NOT NULL, PRIMARY KEY (" + String.join(", ", KEYS) + "))";
    }

    /** The MERGE of {@code stage} into {@code target}. */
    static String merge(String target, String stage) {
        String cols = columnList();
        String on = KEYS.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
        String differs = VALUES.stream().map(v -> "t." + v + " IS DISTINCT FROM s." + v).collect(Collectors.joining(" OR "));
        String set = VALUES.stream().map(v -> v + " = s." + v).collect(Collectors.joining(", "))
                + ", " + LINEAGE.stream().map(v -> v + " = s." + v).collect(Collectors.joining(", "));
        String source = "SELECT " + cols + " FROM (SELECT *, row_number() OVER (PARTITION BY " + String.join(", ", KEYS)
                + " ORDER BY " + BAR_COUNT + " DESC, " + DAILY_VOLUME + " DESC) AS rk FROM " + stage + ") d WHERE rk = 1";
        return "MERGE INTO " + target + " AS t USING (" + source + ") AS s ON " + on
                + " WHEN MATCHED AND (" + differs + ") THEN UPDATE SET " + set
                + " WHEN NOT MATCHED THEN INSERT (" + cols + ") VALUES ("
                + allColumns().stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")";
    }
}

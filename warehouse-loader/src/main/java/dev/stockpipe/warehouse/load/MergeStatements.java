package dev.stockpipe.warehouse.load;

import dev.stockpipe.warehouse.dialect.Dialect;
import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.TableSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of a load, built only from validated identifiers; values are bound parameters. The
 * same ANSI text runs on Snowflake, PostgreSQL 15+ and DuckDB:
 * <ul>
 *   <li>the stage is deduplicated with {@code ROW_NUMBER()} over the key, ordered by the table's
 *       preference order, so the surviving row does not depend on file or row order;</li>
 *   <li>a matched row is updated only when a value differs ({@code IS DISTINCT FROM}), so a
 *       rerun leaves every row, including {@code loaded_at} and {@code run_id}, as it was.</li>
 * </ul>
 */
public final class MergeStatements {

    private static final String RANK = "stockpipe_rank";

    private final TableSpec table;
    private final String target;
    private final String stage;
    private final boolean stageDeduplicated;

    public MergeStatements(Dialect dialect, TableSpec table) {
        this(dialect, table, false);
    }

    /**
     * @param stageDeduplicated whether the stage already holds one row per key, chosen by the same
     *                          rule (the bulk path deduplicates in DuckDB): then no statement ranks
     *                          the stage again, which spares the warehouse a sort of every row
     */
    public MergeStatements(Dialect dialect, TableSpec table, boolean stageDeduplicated) {
        this.table = table;
        this.target = table.qualified(dialect.schema());
        this.stage = dialect.stageName(table);
        this.stageDeduplicated = stageDeduplicated;
    }

    /** One row per key from the stage (data and lineage columns). */
    String deduplicatedStage() {
        String cols = table.targetColumns().stream().map(Column::name).collect(Collectors.joining(", "));
        if (stageDeduplicated) {
            return "SELECT " + cols + " FROM " + stage;
        }
        return "SELECT " + cols + " FROM (SELECT " + cols + ", ROW_NUMBER() OVER (PARTITION BY "
                + String.join(", ", table.keys()) + " ORDER BY " + String.join(", ", table.preferOrder()) + ") AS "
                + RANK + " FROM " + stage + ") ranked WHERE " + RANK + " = 1";
    }

    private String keyJoin() {
        return table.keys().stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
    }

    private String changed() {
        return "(" + table.valueColumns().stream().map(c -> "t." + c.name() + " IS DISTINCT FROM s." + c.name())
                .collect(Collectors.joining(" OR ")) + ")";
    }

    /** Staged rows; distinct keys; keys new to the target; keys whose values differ. */
    public String classify() {
        String firstKey = table.keys().get(0);
        return "SELECT (SELECT COUNT(*) FROM " + stage + "), COUNT(*), "
                + "COALESCE(SUM(CASE WHEN t." + firstKey + " IS NULL THEN 1 ELSE 0 END), 0), "
                + "COALESCE(SUM(CASE WHEN t." + firstKey + " IS NOT NULL AND " + changed() + " THEN 1 ELSE 0 END), 0) "
                + "FROM (" + deduplicatedStage() + ") s LEFT JOIN " + target + " t ON " + keyJoin();
    }

    /** Staged rows; distinct keys (for a dry run against a warehouse without the table). */
    public String countStage() {
        return "SELECT (SELECT COUNT(*) FROM " + stage + "), COUNT(*) FROM (" + deduplicatedStage() + ") s";
    }

    /** Rows in the target. */
    public String countTarget() {
        return "SELECT COUNT(*) FROM " + target;
    }

    /** Distinct keys in the stage. */
    public String countStageKeys() {
        return "SELECT COUNT(*) FROM (SELECT DISTINCT " + String.join(", ", table.keys()) + " FROM " + stage + ") k";
    }

    /**
     * The MERGE, without parameters: the stage rows already carry this run's {@code loaded_at} and
     * {@code run_id} (fakesnow splits a MERGE into several statements and loses bound parameters).
     */
    public String merge() {
        List<Column> updated = new java.util.ArrayList<>(table.valueColumns());
        updated.add(TableSpec.LOADED_AT);
        updated.add(TableSpec.RUN_ID);
        String set = updated.stream().map(c -> c.name() + " = s." + c.name()).collect(Collectors.joining(", "));
        List<String> all = table.targetColumns().stream().map(Column::name).toList();
        String insertVals = all.stream().map(c -> "s." + c).collect(Collectors.joining(", "));
        return "MERGE INTO " + target + " AS t USING (" + deduplicatedStage() + ") AS s ON " + keyJoin()
                + " WHEN MATCHED AND " + changed() + " THEN UPDATE SET " + set
                + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", all) + ") VALUES (" + insertVals + ")";
    }
}

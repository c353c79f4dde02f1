package dev.stockpipe.warehouse.dialect;

import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.ColumnType;
import dev.stockpipe.warehouse.table.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What differs between the warehouses: how to connect, type names, how the stage is filled and
 * whether DDL ends a transaction. The MERGE itself is the same ANSI statement everywhere
 * ({@code MergeStatements}).
 */
public interface Dialect {

    /** The {@code --warehouse} value. */
    String name();

    /** Opens a connection with auto-commit on; credentials come from the dialect's settings. */
    Connection open() throws SQLException;

    /** Schema the tables live in, or empty for the connection's default. */
    Optional<String> schema();

    /** SQL type of a column; the ANSI names, which dialects override where they differ. */
    default String typeName(ColumnType type) {
        return switch (type) {
            case TEXT -> "VARCHAR";
            case DATE -> "DATE";
            case DOUBLE -> "DOUBLE";
            case BIGINT -> "BIGINT";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }

    /** Creates the configured schema if it is missing (a no-op without one). */
    default void ensureSchema(Connection c) throws SQLException {
        if (schema().isPresent()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema().get());
            }
        }
    }

    /** Snowflake commits around every DDL statement, so tables must exist before the load transaction. */
    default boolean ddlCommitsImplicitly() {
        return false;
    }

    /**
     * Keeps other writers off the target until the transaction ends (readers carry on) and
     * returns true, or returns false where the warehouse cannot. With the lock, the loader counts
     * inserts from the target's size around the MERGE instead of comparing stage and target in a
     * query of their own.
     */
    default boolean lockTargetForWrites(Connection c, TableSpec table) throws SQLException {
        return false;
    }

    /** The stage's name; temporary tables are unqualified in every dialect. */
    default String stageName(TableSpec table) {
        return "STAGE_" + table.name();
    }

    default void createTargetIfMissing(Connection c, TableSpec table) throws SQLException {
        String columns = table.targetColumns().stream().map(this::columnDefinition).collect(Collectors.joining(", "));
        String sql = "CREATE TABLE IF NOT EXISTS " + table.qualified(schema()) + " (" + columns
                + ", PRIMARY KEY (" + String.join(", ", table.keys()) + "))";
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The stage holds the data columns plus this run's lineage values, so the MERGE needs no parameters. */
    default void createStage(Connection c, TableSpec table) throws SQLException {
        String columns = table.targetColumns().stream().map(this::columnDefinition).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE " + stageName(table) + " (" + columns + ")");
        }
    }

    default String columnDefinition(Column c) {
        return c.name() + " " + typeName(c.type()) + (c.nullable() ? "" : " NOT NULL");
    }

    /** A writer for rows of {@link TableSpec#targetColumns()} (data then lineage values). */
    StageWriter stageWriter(Connection c, TableSpec table) throws SQLException;
}

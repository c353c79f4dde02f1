package dev.stockpipe.warehouse.source;

import dev.stockpipe.warehouse.dialect.DirectDriver;
import dev.stockpipe.warehouse.dialect.SqlText;
import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.ColumnType;
import dev.stockpipe.warehouse.table.TableSpec;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads processed Parquet files (as Spark writes them) with an in-memory DuckDB and streams
 * typed, validated rows to a {@link RowSink}. DuckDB is already on the classpath as the
 * embedded warehouse, reads Spark's Parquet (INT96 or micros timestamps, dictionary pages)
 * and needs no Hadoop. Each file is read on its own so an error can name the file and row.
 */
public final class ParquetSource implements AutoCloseable {

    private final Connection duck;

    public ParquetSource() throws SQLException {
        this.duck = DirectDriver.duckDb("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            // rank NULLs as PostgreSQL and Snowflake do, so deduplicating here picks the row their MERGE would
            s.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'");
        }
    }

    /**
     * Streams every row of {@code file} to {@code sink}; returns the number of rows.
     *
     * @throws BadRowException when a column is missing or a row breaks the table's rules
     */
    public long read(SourceFile file, TableSpec table, RowSink sink) throws Exception {
        requireColumns(file, table);
        List<Column> columns = table.columns();
        String select = columns.stream().map(ParquetSource::selectTerm).collect(Collectors.joining(", "));
        String sql = "SELECT " + select + " FROM read_parquet(?, hive_partitioning = false)";
        long rowNumber = 0;
        try (PreparedStatement ps = duck.prepareStatement(sql)) {
            ps.setString(1, file.localPath().toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rowNumber++;
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < columns.size(); i++) {
                        row[i] = value(rs, i + 1, columns.get(i), file, rowNumber);
                    }
                    sink.accept(row);
                }
            }
        } catch (SQLException e) {
            throw new BadRowException("Could not read " + file.lakeKey() + " as " + table.lakeDescription()
                    + " Parquet (row " + (rowNumber + 1) + "); check that the spark job wrote it completely", e);
        }
        return rowNumber;
    }

    /**
     * Writes one row per key of {@code files}, followed by the lineage values, to {@code csv} in
     * the form PostgreSQL's {@code COPY … (FORMAT csv)} reads: no header, text quoted when needed,
     * an unquoted empty field for NULL, timestamps in UTC, doubles in their shortest exact form.
     * DuckDB does the reading, checking, deduplicating and writing in bulk, so no row passes
     * through Java. The checks are those of {@link #read}, with the same messages naming the file
     * and row. Where a key repeats, the row the table's {@code preferOrder} ranks first is kept —
     * the rule the MERGE applies to a stage ({@code MergeStatements}) — and rows are written in key
     * order: the warehouse then neither sorts the stage again nor inserts into its key index out of
     * order, and DuckDB's sort runs on every core.
     *
     * @throws BadRowException when a column is missing or a row breaks the table's rules
     */
    public Exported exportCsv(List<SourceFile> files, TableSpec table, Instant loadedAt, String runId, Path csv)
            throws Exception {
        return exportCsv(files, table, loadedAt, runId, csv, () -> {
        });
    }

    /**
     * {@link #exportCsv(List, TableSpec, Instant, String, Path)}, calling {@code beforeWriting} once
     * every row has passed the checks, right before {@code csv} is opened for writing: the caller
     * starts the reader of a named pipe there. {@code csv} is written in place (no temporary file
     * renamed over it), so it may be a pipe.
     */
    public Exported exportCsv(List<SourceFile> files, TableSpec table, Instant loadedAt, String runId, Path csv,
            Runnable beforeWriting) throws Exception {
        Map<String, SourceFile> byPath = new LinkedHashMap<>();
        for (SourceFile f : files) {
            byPath.put(f.localPath().toString(), f);
        }
        requireColumns(byPath, table);
        try {
            rejectFirstBadRow(byPath, table);
        } catch (SQLException e) {
            throw unreadable(byPath.values(), table, e);
        }
        String keys = String.join(", ", table.keys());
        beforeWriting.run();
        long written;
        try (PreparedStatement ps = duck.prepareStatement("COPY (SELECT " + String.join(", ", table.columnNames())
                + ", CAST($1 AS TIMESTAMP), $2 FROM " + typedRows(table, "$4") + " QUALIFY ROW_NUMBER() OVER (PARTITION BY "
                + keys + " ORDER BY " + rankingTerms(table) + ") = 1 ORDER BY " + keys
                + ") TO $3 (FORMAT csv, HEADER false, USE_TMP_FILE false)")) {
            ps.setString(1, SqlText.timestamp(loadedAt));
            ps.setString(2, runId);
            ps.setString(3, csv.toString());
            ps.setObject(4, paths(byPath));
            written = ps.executeLargeUpdate();
        }
        // the row count is in every file's footer: no third pass over the rows
        try (PreparedStatement ps = duck.prepareStatement("SELECT COALESCE(SUM(num_rows), 0) FROM parquet_file_metadata(?)")) {
            ps.setObject(1, paths(byPath));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Exported(rs.getLong(1), written);
            }
        }
    }

    /**
     * The files' rows as the table's typed columns plus the file and row number for messages, read
     * straight from the Parquet files (bound as {@code param}) each time: cheaper than a copy of
     * every row in a table, where each row would also carry its file name.
     */
    private static String typedRows(TableSpec table, String param) {
        String select = table.columns().stream().map(c -> typedTerm(c) + " AS " + c.name()).collect(Collectors.joining(", "));
        return "(SELECT " + select + ", filename AS stockpipe_file, file_row_number + 1 AS stockpipe_row FROM read_parquet("
                + param + ", hive_partitioning = false, union_by_name = true, filename = true, file_row_number = true)) rows";
    }

    /**
     * The table's {@code preferOrder}, with each DOUBLE column ranked through {@code (c + 0.0)}: DuckDB
     * 1.4 returns a column it sorted a window by from its normalised sort key, which turns -0.0 into
     * 0.0; an expression keeps the column itself out of the sort. The order is the same, since
     * -0.0 and 0.0 compare equal (NaN and infinities are rejected before).
     */
    private static String rankingTerms(TableSpec table) {
        return table.preferOrder().stream().map(term -> {
            String column = term.split(" ", 2)[0];
            boolean isDouble = table.column(column).map(c -> c.type() == ColumnType.DOUBLE).orElse(false);
            return isDouble ? "(" + column + " + 0.0)" + term.substring(column.length()) : term;
        }).collect(Collectors.joining(", "));
    }

    /** What {@link #exportCsv} read (rows) and wrote (one row per distinct key of the table). */
    public record Exported(long rows, long distinctKeys) {
    }

    private Array paths(Map<String, SourceFile> byPath) throws SQLException {
        return duck.createArrayOf("VARCHAR", byPath.keySet().toArray());
    }

    /** Every file must have the table's columns; one schema query covers them all. */
    private void requireColumns(Map<String, SourceFile> byPath, TableSpec table) {
        Map<String, Set<String>> present = new LinkedHashMap<>();
        byPath.keySet().forEach(p -> present.put(p, new HashSet<>()));
        try (PreparedStatement ps = duck.prepareStatement("SELECT file_name, name FROM parquet_schema(?)")) {
            ps.setObject(1, paths(byPath));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.computeIfAbsent(rs.getString(1), p -> new HashSet<>()).add(rs.getString(2).toLowerCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            // name the culprit: the per-file check says which file is not Parquet
            byPath.values().forEach(f -> requireColumns(f, table));
            throw new BadRowException("Could not read the schemas of the " + table.lakeDescription() + " Parquet files", e);
        }
        present.forEach((path, names) -> requireColumns(byPath.get(path), names, table));
    }

    /** Reads the files one by one to name the one that cannot be read. */
    private BadRowException unreadable(Iterable<SourceFile> files, TableSpec table, SQLException cause) {
        String select = table.columns().stream().map(ParquetSource::typedTerm).collect(Collectors.joining(", "));
        for (SourceFile f : files) {
            try (PreparedStatement ps = duck.prepareStatement("SELECT COUNT(*) FROM (SELECT " + select
                    + " FROM read_parquet(?, hive_partitioning = false))")) {
                ps.setString(1, f.localPath().toString());
                ps.executeQuery().close();
            } catch (SQLException e) {
                return new BadRowException("Could not read " + f.lakeKey() + " as " + table.lakeDescription()
                        + " Parquet; check that the spark job wrote it completely", e);
            }
        }
        return new BadRowException("Could not read the " + table.lakeDescription() + " Parquet files together", cause);
    }

    /** The first row (by file, then row) that breaks a rule, as the same message {@link #read} gives. */
    private void rejectFirstBadRow(Map<String, SourceFile> byPath, TableSpec table) throws SQLException {
        List<String> checks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Column c : table.columns()) {
            if (!c.nullable()) {
                checks.add(c.name() + " IS NULL");
                problems.add("has no " + c.name());
            }
            if (c.type() == ColumnType.DOUBLE) {
                checks.add("COALESCE(NOT isfinite(" + c.name() + "), false)");
                problems.add("has a non-finite " + c.name());
            }
            if (c.type() == ColumnType.TEXT) {
                checks.add("COALESCE(regexp_matches(" + c.name() + ", '^\\s*$'), false)");
                problems.add("has a blank " + c.name());
            }
        }
        String sql = "SELECT stockpipe_file, stockpipe_row, " + String.join(", ", checks)
                + " FROM " + typedRows(table, "?") + " WHERE " + String.join(" OR ", checks)
                + " ORDER BY stockpipe_file, stockpipe_row LIMIT 1";
        try (PreparedStatement ps = duck.prepareStatement(sql)) {
            ps.setObject(1, paths(byPath));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                SourceFile file = byPath.get(rs.getString(1));
                long row = rs.getLong(2);
                for (int i = 0; i < checks.size(); i++) {
                    if (rs.getBoolean(i + 3)) {
                        throw new BadRowException("Row " + row + " of " + file.lakeKey() + " " + problems.get(i)
                                + "; fix the spark output and rerun the load");
                    }
                }
            }
        }
    }

    /** Normalises what Spark may have written into one SQL type per column type; timestamps become zone-free UTC. */
    private static String typedTerm(Column c) {
        return switch (c.type()) {
            case TEXT -> "CAST(" + c.name() + " AS VARCHAR)";
            case DATE -> "CAST(" + c.name() + " AS DATE)";
            case DOUBLE -> "CAST(" + c.name() + " AS DOUBLE)";
            case BIGINT -> "CAST(" + c.name() + " AS BIGINT)";
            // epoch micros are zone-free whether Spark wrote TIMESTAMP or TIMESTAMP WITH TIME ZONE
            case TIMESTAMP -> "make_timestamp(" + epochMicros(c) + ")";
        };
    }

    private static String epochMicros(Column c) {
        return "epoch_us(" + c.name() + ")";
    }

    private void requireColumns(SourceFile file, TableSpec table) {
        Set<String> present = new HashSet<>();
        try (PreparedStatement ps = duck.prepareStatement(
                "SELECT name FROM parquet_schema(?)")) {
            ps.setString(1, file.localPath().toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            throw new BadRowException("Could not read " + file.lakeKey() + ": it is not a readable Parquet file", e);
        }
        requireColumns(file, present, table);
    }

    /** Fails naming the file when its columns (lower-case names) lack one of the table's. */
    private static void requireColumns(SourceFile file, Set<String> present, TableSpec table) {
        List<String> missing = table.columnNames().stream().filter(c -> !present.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new BadRowException(file.lakeKey() + " lacks the " + table.lakeDescription() + " column(s) "
                    + missing + "; it was not written by the expected spark job version");
        }
    }

    /** {@link #typedTerm} as the row path reads it over JDBC: dates as ISO text, timestamps as epoch micros. */
    private static String selectTerm(Column c) {
        return switch (c.type()) {
            case DATE -> "CAST(" + typedTerm(c) + " AS VARCHAR)";
            case TIMESTAMP -> epochMicros(c);
            default -> typedTerm(c);
        };
    }

    private static Object value(ResultSet rs, int index, Column c, SourceFile file, long row) throws SQLException {
        Object v = switch (c.type()) {
            case TEXT -> rs.getString(index);
            case DATE -> {
                String s = rs.getString(index);
                yield s == null ? null : LocalDate.parse(s);
            }
            case DOUBLE -> {
                double d = rs.getDouble(index);
                yield rs.wasNull() ? null : d;
            }
            case BIGINT -> {
                long l = rs.getLong(index);
                yield rs.wasNull() ? null : l;
            }
            case TIMESTAMP -> {
                long micros = rs.getLong(index);
                yield rs.wasNull() ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            }
        };
        if (v == null && !c.nullable()) {
            throw new BadRowException("Row " + row + " of " + file.lakeKey() + " has no " + c.name()
                    + "; fix the spark output and rerun the load");
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            throw new BadRowException("Row " + row + " of " + file.lakeKey() + " has a non-finite " + c.name()
                    + " (" + d + "); fix the spark output and rerun the load");
        }
        if (v instanceof String s && s.isBlank()) {
            throw new BadRowException("Row " + row + " of " + file.lakeKey() + " has a blank " + c.name()
                    + "; fix the spark output and rerun the load");
        }
        return v;
    }

    @Override
    public void close() throws SQLException {
        duck.close();
    }
}

package dev.stockpipe.warehouse.source;

import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.TableSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
        this.duck = DriverManager.getConnection("jdbc:duckdb:");
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
        List<String> missing = new ArrayList<>();
        for (String c : table.columnNames()) {
            if (!present.contains(c)) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw new BadRowException(file.lakeKey() + " lacks the " + table.lakeDescription() + " column(s) "
                    + missing + "; it was not written by the expected spark job version");
        }
    }

    /** Normalises what Spark may have written into one Java type per column type. */
    private static String selectTerm(Column c) {
        return switch (c.type()) {
            case TEXT -> "CAST(" + c.name() + " AS VARCHAR)";
            case DATE -> "CAST(CAST(" + c.name() + " AS DATE) AS VARCHAR)";
            case DOUBLE -> "CAST(" + c.name() + " AS DOUBLE)";
            case BIGINT -> "CAST(" + c.name() + " AS BIGINT)";
            // epoch micros are zone-free whether Spark wrote TIMESTAMP or TIMESTAMP WITH TIME ZONE
            case TIMESTAMP -> "epoch_us(" + c.name() + ")";
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

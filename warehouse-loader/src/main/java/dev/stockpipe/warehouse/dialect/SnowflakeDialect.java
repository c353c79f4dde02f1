package dev.stockpipe.warehouse.dialect;

import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.ColumnType;
import dev.stockpipe.warehouse.table.TableSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.Properties;

/**
 * Snowflake through snowflake-jdbc. The stage is filled with batched, bound INSERTs: the driver
 * sends a batch as one array-bound request, and on real Snowflake uploads batches above
 * {@code CLIENT_STAGE_ARRAY_BINDING_THRESHOLD} to an internal stage and copies them in, which
 * avoids the 1 MB statement-text limit that makes multi-row literal INSERTs slow.
 */
public final class SnowflakeDialect implements Dialect {

    private final SnowflakeSettings settings;

    public SnowflakeDialect(SnowflakeSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "snowflake";
    }

    @Override
    public Connection open() throws SQLException {
        Properties props = settings.connectionProperties();
        return DriverManager.getConnection(settings.jdbcUrl(), props);
    }

    @Override
    public Optional<String> schema() {
        return Optional.empty();
    }

    @Override
    public boolean ddlCommitsImplicitly() {
        return true;
    }

    @Override
    public String typeName(ColumnType type) {
        return type == ColumnType.TIMESTAMP ? "TIMESTAMP_NTZ" : Dialect.super.typeName(type);
    }

    @Override
    public StageWriter stageWriter(Connection c, TableSpec table) throws SQLException {
        List<Column> columns = table.targetColumns();
        String placeholders = String.join(", ", Collections.nCopies(columns.size(), "?"));
        String sql = "INSERT INTO " + stageName(table) + " (" + columns.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") VALUES (" + placeholders + ")";
        PreparedStatement ps = c.prepareStatement(sql);
        int batchRows = settings.batchRows();
        return new StageWriter() {
            private long rows;
            private int pending;

            @Override
            public void write(Object[] row) throws SQLException {
                for (int i = 0; i < row.length; i++) {
                    bind(ps, i + 1, row[i], columns.get(i).type());
                }
                ps.addBatch();
                rows++;
                if (++pending >= batchRows) {
                    flush();
                }
            }

            private void flush() throws SQLException {
                if (pending > 0) {
                    ps.executeBatch();
                    pending = 0;
                }
            }

            @Override
            public long finish() throws SQLException {
                flush();
                return rows;
            }

            @Override
            public void close() throws SQLException {
                ps.close();
            }
        };
    }

    /** Dates and timestamps go as text so no JVM or session time zone can shift them. */
    private static void bind(PreparedStatement ps, int index, Object v, ColumnType type) throws SQLException {
        if (v == null) {
            ps.setNull(index, switch (type) {
                case TEXT, DATE, TIMESTAMP -> Types.VARCHAR;
                case DOUBLE -> Types.DOUBLE;
                case BIGINT -> Types.BIGINT;
            });
        } else if (v instanceof String s) {
            ps.setString(index, s);
        } else if (v instanceof Double d) {
            ps.setDouble(index, d);
        } else if (v instanceof Long l) {
            ps.setLong(index, l);
        } else if (v instanceof LocalDate d) {
            ps.setString(index, d.toString());
        } else if (v instanceof Instant i) {
            ps.setString(index, SqlText.timestamp(i));
        } else {
            throw new IllegalArgumentException("unsupported stage value " + v.getClass());
        }
    }
}

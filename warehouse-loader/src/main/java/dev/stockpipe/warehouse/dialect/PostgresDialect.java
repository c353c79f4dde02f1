package dev.stockpipe.warehouse.dialect;

import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.ColumnType;
import dev.stockpipe.warehouse.table.TableSpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** PostgreSQL 15+ (MERGE arrived in 15); the stage is filled with {@code COPY … FROM STDIN}. */
public final class PostgresDialect implements Dialect {

    /** Bytes of CSV buffered before one {@code writeToCopy} call. */
    private static final int COPY_CHUNK = 1 << 20;

    private final String url;
    private final String user;
    private final String password;
    private final Optional<String> schema;

    public PostgresDialect(String url, String user, String password, Optional<String> schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", "stockpipe-warehouse-loader");
        Connection c = DriverManager.getConnection(url, props);
        ensureSchema(c);
        return c;
    }

    @Override
    public Optional<String> schema() {
        return schema;
    }

    @Override
    public String typeName(ColumnType type) {
        return type == ColumnType.DOUBLE ? "DOUBLE PRECISION" : Dialect.super.typeName(type);
    }

    @Override
    public void createStage(Connection c, TableSpec table) throws SQLException {
        String columns = table.targetColumns().stream().map(this::columnDefinition).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE " + stageName(table) + " (" + columns + ") ON COMMIT DROP");
        }
    }

    @Override
    public StageWriter stageWriter(Connection c, TableSpec table) throws SQLException {
        String sql = "COPY " + stageName(table) + " (" + table.targetColumns().stream().map(Column::name).collect(Collectors.joining(", "))
                + ") FROM STDIN WITH (FORMAT csv)";
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        return new StageWriter() {
            private final StringBuilder buffer = new StringBuilder(COPY_CHUNK + 4096);
            private long rows;
            private boolean done;

            @Override
            public void write(Object[] row) throws SQLException {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        buffer.append(',');
                    }
                    appendCsv(buffer, row[i]);
                }
                buffer.append('\n');
                rows++;
                if (buffer.length() >= COPY_CHUNK) {
                    flush();
                }
            }

            private void flush() throws SQLException {
                byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                buffer.setLength(0);
            }

            @Override
            public long finish() throws SQLException {
                flush();
                long copied = copy.endCopy();
                done = true;
                if (copied != rows) {
                    throw new SQLException("COPY reported " + copied + " rows for " + rows + " sent");
                }
                return rows;
            }

            @Override
            public void close() throws SQLException {
                if (!done && copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        };
    }

    /** CSV as PostgreSQL reads it: an unquoted empty field is NULL, text is always quoted. */
    static void appendCsv(StringBuilder out, Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof String s) {
            out.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else if (v instanceof Instant i) {
            out.append(SqlText.timestamp(i));
        } else {
            // Double.toString round-trips exactly through float8 input; dates print as ISO
            out.append(v);
        }
    }
}

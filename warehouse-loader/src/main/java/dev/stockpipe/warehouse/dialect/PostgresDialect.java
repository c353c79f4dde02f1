package dev.stockpipe.warehouse.dialect;

import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.ColumnType;
import dev.stockpipe.warehouse.table.TableSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.postgresql.copy.CopyManager;

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

    /** SHARE ROW EXCLUSIVE conflicts with itself and with every INSERT, UPDATE and MERGE, but not with SELECT. */
    @Override
    public boolean lockTargetForWrites(Connection c, TableSpec table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + table.qualified(schema) + " IN SHARE ROW EXCLUSIVE MODE");
        }
        return true;
    }

    @Override
    public StageWriter stageWriter(Connection c, TableSpec table) throws SQLException {
        String sql = "COPY " + stageName(table) + " (" + table.targetColumns().stream().map(Column::name).collect(Collectors.joining(", "))
                + ") FROM STDIN WITH (FORMAT csv)";
        CopyManager copyApi = c.unwrap(PGConnection.class).getCopyAPI();
        return new StageWriter() {
            private final StringBuilder buffer = new StringBuilder(COPY_CHUNK + 4096);
            private CopyIn copy;
            private long rows;
            private long fileRows;

            @Override
            public boolean acceptsCsv() {
                return true;
            }

            @Override
            public long copyCsv(Path csv) throws SQLException, IOException {
                try (InputStream in = Files.newInputStream(csv)) {
                    long copied = copyApi.copyIn(sql, in, COPY_CHUNK);
                    fileRows += copied;
                    return copied;
                }
            }

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
                if (copy == null) {
                    copy = copyApi.copyIn(sql);
                }
                if (buffer.length() >= COPY_CHUNK) {
                    flush();
                }
            }

            private void flush() throws SQLException {
                if (buffer.length() > 0) {
                    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    buffer.setLength(0);
                }
            }

            @Override
            public long finish() throws SQLException {
                if (copy != null) {
                    flush();
                    long copied = copy.endCopy();
                    copy = null;
                    if (copied != rows) {
                        throw new SQLException("COPY reported " + copied + " rows for " + rows + " sent");
                    }
                }
                return rows + fileRows;
            }

            @Override
            public void close() throws SQLException {
                if (copy != null && copy.isActive()) {
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

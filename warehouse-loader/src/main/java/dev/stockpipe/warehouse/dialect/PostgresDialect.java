package dev.stockpipe.warehouse.dialect;

import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.ColumnType;
import dev.stockpipe.warehouse.table.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** PostgreSQL 15+ (MERGE arrived in 15); the stage is filled with {@code COPY … FROM STDIN}. */
public final class PostgresDialect implements Dialect {

    /** Bytes of the CSV file sent per {@code COPY} data message. */
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
        Connection c = DirectDriver.postgres(url, props);
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
        return StageWriter.csvStream(csv -> copyApi.copyIn(sql, csv, COPY_CHUNK));
    }
}

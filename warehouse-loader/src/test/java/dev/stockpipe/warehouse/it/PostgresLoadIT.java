package dev.stockpipe.warehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stockpipe.warehouse.config.LoaderEnv;
import dev.stockpipe.warehouse.table.TableSpec;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.PGConnection;

/**
 * The load contract on a real PostgreSQL 15 server (COPY into the stage, MERGE), in a schema of
 * its own. The server and role come from {@code scripts/test-setup.sh}; the defaults below are
 * what it sets up, and {@code STOCKPIPE_PG_*} override them.
 */
class PostgresLoadIT extends WarehouseLoadContract {

    static final String URL = env("STOCKPIPE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/stockpipe_test");
    static final String USER = env("STOCKPIPE_PG_USER", "stockpipe_test");
    static final String PASSWORD = env("STOCKPIPE_PG_PASSWORD", "stockpipe_test");
    static final String SCHEMA = "loader_it";

    private static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank()).orElse(fallback);
    }

    @BeforeAll
    static void requireServer() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            DatabaseMetaData md = c.getMetaData();
            if (md.getDatabaseMajorVersion() < 15) {
                fail("PostgreSQL at " + URL + " is " + md.getDatabaseProductVersion() + "; MERGE needs 15 or later");
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            }
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at " + URL + " as " + USER + " (" + e.getMessage() + "). Run "
                    + "warehouse-loader/scripts/test-setup.sh once (it starts PostgreSQL 15 and creates the test role), "
                    + "or set STOCKPIPE_PG_URL, STOCKPIPE_PG_USER and STOCKPIPE_PG_PASSWORD.", e);
        }
    }

    @Override
    String warehouse() {
        return "postgresql";
    }

    @Override
    Map<String, String> warehouseEnv() {
        return Map.of(LoaderEnv.POSTGRES_JDBC_URL, URL, LoaderEnv.POSTGRES_USER, USER,
                LoaderEnv.POSTGRES_PASSWORD, PASSWORD, LoaderEnv.WAREHOUSE_SCHEMA, SCHEMA);
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    @Override
    String tableRef(TableSpec table) {
        return SCHEMA + "." + table.name();
    }

    /** The server ends the loader's backend, as a crash, failover or network cut would. */
    @Override
    void dropConnection(Connection loaderConnection) throws Exception {
        int pid = loaderConnection.unwrap(PGConnection.class).getBackendPID();
        try (Connection admin = connect(); PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("backend %d terminated", pid).isTrue();
            }
        }
    }

    @Override
    Map<String, String> badCredentialsEnv() {
        return Map.of(LoaderEnv.WAREHOUSE, "postgresql", LoaderEnv.POSTGRES_JDBC_URL, URL,
                LoaderEnv.POSTGRES_USER, USER, LoaderEnv.POSTGRES_PASSWORD, secretInBadCredentials(),
                LoaderEnv.WAREHOUSE_SCHEMA, SCHEMA);
    }

    @Override
    String secretInBadCredentials() {
        return "wrong-Secret-4711";
    }
}

package dev.stockpipe.warehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.warehouse.config.LoaderEnv;
import dev.stockpipe.warehouse.support.FakesnowServer;
import dev.stockpipe.warehouse.table.TableSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The load contract over the Snowflake protocol: the real snowflake-jdbc driver against fakesnow
 * in server mode (started here as a child process). Batched bound INSERTs fill the stage, DDL runs
 * before the load transaction as Snowflake requires.
 */
class SnowflakeFakesnowLoadIT extends WarehouseLoadContract {

    static final String DATABASE = "STOCKPIPE";
    static final String SCHEMA = "LOADER_IT";
    static FakesnowServer fakesnow;

    @BeforeAll
    static void startFakesnow() throws Exception {
        fakesnow = FakesnowServer.start(Path.of("target", "fakesnow"));
        try (Connection c = DriverManager.getConnection(fakesnow.jdbcUrl(), props());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            s.execute("CREATE SCHEMA IF NOT EXISTS " + DATABASE + "." + SCHEMA);
        }
    }

    @AfterAll
    static void stopFakesnow() {
        if (fakesnow != null) {
            fakesnow.close();
        }
    }

    private static Properties props() {
        Properties p = new Properties();
        p.setProperty("user", "loader");
        p.setProperty("password", "fakesnow-accepts-any");
        p.setProperty("account", "fakesnow");
        p.setProperty("db", DATABASE);
        p.setProperty("schema", SCHEMA);
        p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        return p;
    }

    @Override
    String warehouse() {
        return "snowflake";
    }

    @Override
    Map<String, String> warehouseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put(LoaderEnv.SNOWFLAKE_JDBC_URL, fakesnow.jdbcUrl());
        env.put(LoaderEnv.SNOWFLAKE_ACCOUNT, "fakesnow");
        env.put(LoaderEnv.SNOWFLAKE_USER, "loader");
        env.put(LoaderEnv.SNOWFLAKE_PASSWORD, "fakesnow-accepts-any");
        env.put(LoaderEnv.SNOWFLAKE_DATABASE, DATABASE);
        env.put(LoaderEnv.SNOWFLAKE_SCHEMA, SCHEMA);
        env.put(LoaderEnv.SNOWFLAKE_WAREHOUSE, "COMPUTE_WH");
        // small batches so the tests cross batch boundaries
        env.put(LoaderEnv.SNOWFLAKE_BATCH_ROWS, "2");
        return env;
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(fakesnow.jdbcUrl(), props());
    }

    @Override
    String tableRef(TableSpec table) {
        return DATABASE + "." + SCHEMA + "." + table.name();
    }

    /** Closing the session ends it on the server, and with it the open transaction. */
    @Override
    void dropConnection(Connection loaderConnection) throws Exception {
        loaderConnection.close();
    }

    /** fakesnow accepts any password, so the failure comes from key-pair auth: a wrong passphrase. */
    @Override
    Map<String, String> badCredentialsEnv() throws Exception {
        Path dir = Files.createTempDirectory("loader-key-");
        Path key = dir.resolve("rsa_key.p8");
        Process p = new ProcessBuilder("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                "-aes-256-cbc", "-pass", "pass:the-right-passphrase", "-out", key.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl genpkey finished").isTrue();
        assertThat(p.exitValue()).as("openssl genpkey: " + new String(p.getInputStream().readAllBytes())).isZero();
        Map<String, String> env = new HashMap<>(warehouseEnv());
        env.remove(LoaderEnv.SNOWFLAKE_PASSWORD);
        env.put(LoaderEnv.WAREHOUSE, "snowflake");
        env.put(LoaderEnv.SNOWFLAKE_PRIVATE_KEY_FILE, key.toString());
        env.put(LoaderEnv.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE, secretInBadCredentials());
        return env;
    }

    @Override
    String secretInBadCredentials() {
        return "a-wrong-Passphrase-4711";
    }
}

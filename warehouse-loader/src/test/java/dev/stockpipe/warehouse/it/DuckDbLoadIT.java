package dev.stockpipe.warehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.warehouse.config.LoaderEnv;
import dev.stockpipe.warehouse.load.LoadHooks;
import dev.stockpipe.warehouse.support.JobResult;
import dev.stockpipe.warehouse.table.TableSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load contract on an embedded DuckDB file, plus the job-level rules (dates, xcom, usage). */
class DuckDbLoadIT extends WarehouseLoadContract {

    private static Path dbFile;

    @BeforeAll
    static void database() throws Exception {
        dbFile = Files.createDirectories(Files.createTempDirectory("loader-duckdb-").resolve("warehouse"))
                .resolve("stockpipe.duckdb");
    }

    @Override
    String warehouse() {
        return "duckdb";
    }

    @Override
    Map<String, String> warehouseEnv() {
        return Map.of(LoaderEnv.DUCKDB_FILE, dbFile.toString());
    }

    @Override
    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + dbFile.toAbsolutePath());
        return c;
    }

    @Override
    String tableRef(TableSpec table) {
        return table.name();
    }

    /** Embedded: closing the connection mid-transaction is the lost session. */
    @Override
    void dropConnection(Connection loaderConnection) throws Exception {
        loaderConnection.close();
    }

    @Override
    Map<String, String> badCredentialsEnv() throws Exception {
        Path notADirectory = Files.createTempFile("loader-", ".txt");
        return Map.of(LoaderEnv.DUCKDB_FILE, notADirectory.resolve("stockpipe.duckdb").toString());
    }

    @Override
    String secretInBadCredentials() {
        return "no secret: embedded";
    }

    // ---- job-level rules (dialect-independent, run once) ------------------------------------

    @Test
    void weekendWithoutPartitionIsNotAnError() throws Exception {
        JobResult r = run(load("run-1", SAT));
        assertCounts(r, 0, 0, 0, 0);
        assertThat(r.summary().get("message").asText()).contains("not trading days");
        assertThat(r.summary().get("non_trading_days").get(0).asText()).isEqualTo("2024-01-06");
    }

    @Test
    void tradingDayWithoutPartitionFailsAndNamesTheDay() throws Exception {
        putDaily(THU, "part-00000.parquet", day(THU, 150.0));
        lake.put("processed/historical/date=2024-01-05/_SUCCESS", "");
        JobResult r = run(LoadHooks.NONE, env(), "load", "--from", THU.toString(), "--to", SAT.toString(),
                "--run-id", "run-1", "--warehouse", warehouse());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("No processed daily metrics for trading day(s) [2024-01-05]",
                "run the spark job");
        assertThat(tableExists(TableSpec.DAILY)).as("nothing is loaded when a day is missing").isFalse();
    }

    @Test
    void rangeOverAWeekendLoadsTheTradingDaysAndWritesTheXcomFile() throws Exception {
        putDaily(FRI, "part-00000.parquet", day(FRI, 150.0));
        putDaily(FRI.plusDays(3), "part-00000.parquet", day(FRI.plusDays(3), 151.0));
        Path xcom = tmp.resolve("airflow/xcom/return.json");
        JobResult r = run(LoadHooks.NONE, env(), "load", "--from", FRI.toString(), "--to", FRI.plusDays(3).toString(),
                "--run-id", "run-1", "--xcom-file", xcom.toString());
        assertCounts(r, 6, 6, 0, 0);
        assertThat(r.summary().get("warehouse").asText()).as("duckdb is the default").isEqualTo("duckdb");
        assertThat(r.summary().get("non_trading_days")).hasSize(2);
        assertThat(Files.readString(xcom).strip()).isEqualTo(r.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void usageMistakesExitWithTwo() {
        assertThat(run("load", "--date", "2024-13-01", "--run-id", "r").exitCode()).isEqualTo(2);
        assertThat(run("load", "--date", FRI.toString()).exitCode()).isEqualTo(2);
        assertThat(run("unload", "--date", FRI.toString(), "--run-id", "r").exitCode()).isEqualTo(2);
        JobResult bad = run("load", "--date", FRI.toString(), "--run-id", "r", "--warehouse", "oracle");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("use duckdb, postgresql or snowflake");
    }

    @Test
    void unreachableLakeFailsClearly() {
        Map<String, String> env = new HashMap<>(env());
        env.put("S3_ENDPOINT", "http://127.0.0.1:9");
        JobResult r = run(LoadHooks.NONE, env, load("run-1", FRI));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("Could not list s3://stock-lake/processed/historical/date=2024-01-05/");
    }

    @Test
    void invalidSchemaNameIsRejectedBeforeAnySql() {
        JobResult r = run(load("run-1", FRI, "--schema", "x; DROP TABLE y"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("Invalid schema name");
    }
}

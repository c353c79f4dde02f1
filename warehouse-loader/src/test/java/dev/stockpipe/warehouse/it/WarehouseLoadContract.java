package dev.stockpipe.warehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.contracts.DailyMetrics;
import dev.stockpipe.contracts.Fields;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.WindowMetrics;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.devstack.DevStack;
import dev.stockpipe.devstack.DevStackExtension;
import dev.stockpipe.warehouse.cli.LoaderMain;
import dev.stockpipe.warehouse.lake.S3LakeClient;
import dev.stockpipe.warehouse.load.LoadHooks;
import dev.stockpipe.warehouse.support.JobResult;
import dev.stockpipe.warehouse.support.Lake;
import dev.stockpipe.warehouse.support.ParquetFixtures;
import dev.stockpipe.warehouse.support.Rows;
import dev.stockpipe.warehouse.support.Snapshot;
import dev.stockpipe.warehouse.table.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every warehouse dialect must show, run against the real server of each (a DuckDB
 * file, PostgreSQL 15, fakesnow over the Snowflake protocol) with Parquet served by a real S3
 * server: first load inserts, a rerun changes nothing, a correction updates exactly one row,
 * duplicate keys resolve the same way whatever the input order, and a failure mid-load leaves
 * the target as it was.
 */
abstract class WarehouseLoadContract {

    @RegisterExtension
    static final DevStackExtension STACK = new DevStackExtension(DevStack.builder().withKafka(false));

    static final LocalDate THU = LocalDate.of(2024, 1, 4);
    static final LocalDate FRI = LocalDate.of(2024, 1, 5);
    static final LocalDate SAT = LocalDate.of(2024, 1, 6);
    static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "GOOG");

    static Lake lake;

    @TempDir
    Path tmp;

    /** The {@code --warehouse} value. */
    abstract String warehouse();

    /** Environment selecting and reaching the warehouse (besides the lake's). */
    abstract Map<String, String> warehouseEnv();

    /** A separate connection for assertions. */
    abstract Connection connect() throws SQLException;

    /** How assertions name a table (schema-qualified where the dialect uses a schema). */
    abstract String tableRef(TableSpec table);

    /** Cuts the loader's connection the way a network failure or server restart would. */
    abstract void dropConnection(Connection loaderConnection) throws Exception;

    /** Environment with wrong credentials, and the secret that must never be printed. */
    abstract Map<String, String> badCredentialsEnv() throws Exception;

    abstract String secretInBadCredentials();

    @BeforeAll
    static void openLake() {
        lake = new Lake(STACK.stack());
    }

    @AfterAll
    static void closeLake() {
        lake.close();
    }

    @BeforeEach
    void cleanSlate() throws SQLException {
        lake.deleteAll(LakeLayout.DEFAULT.processedRoot() + "/");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + tableRef(TableSpec.DAILY));
            s.execute("DROP TABLE IF EXISTS " + tableRef(TableSpec.REALTIME));
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    JobResult run(LoadHooks hooks, Map<String, String> env, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LoaderMain.run(argv, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), hooks, S3LakeClient::new);
        return new JobResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    JobResult run(String... argv) {
        return run(LoadHooks.NONE, env(), argv);
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>(STACK.stack().connectionProperties());
        env.putAll(warehouseEnv());
        return env;
    }

    String[] load(String runId, LocalDate day, String... extra) {
        List<String> a = new ArrayList<>(List.of("load", "--date", day.toString(), "--run-id", runId,
                "--warehouse", warehouse()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    void putDaily(LocalDate day, String part, List<DailyMetrics> rows) throws Exception {
        Path file = Files.createTempFile(tmp, "daily", ".parquet");
        Files.delete(file);
        ParquetFixtures.writeDaily(file, rows);
        lake.put(LakeLayout.DEFAULT.processedHistoricalPrefix(day) + part, file);
    }

    void putWindows(WindowSize size, LocalDate day, String part, List<WindowMetrics> rows) throws Exception {
        Path file = Files.createTempFile(tmp, "windows", ".parquet");
        Files.delete(file);
        ParquetFixtures.writeWindows(file, rows);
        lake.put(LakeLayout.DEFAULT.processedRealtimePrefix(size, day) + part, file);
    }

    List<DailyMetrics> day(LocalDate day, double closeBase) {
        List<DailyMetrics> rows = new ArrayList<>();
        for (int i = 0; i < SYMBOLS.size(); i++) {
            rows.add(Rows.daily(SYMBOLS.get(i), day, closeBase + i, 390));
        }
        return rows;
    }

    List<Map<String, Object>> daily() throws SQLException {
        try (Connection c = connect()) {
            return Snapshot.of(c, tableRef(TableSpec.DAILY), TableSpec.DAILY);
        }
    }

    List<Map<String, Object>> windows() throws SQLException {
        try (Connection c = connect()) {
            return Snapshot.of(c, tableRef(TableSpec.REALTIME), TableSpec.REALTIME);
        }
    }

    static void assertSuccess(JobResult r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.summary().get("status").asText()).isEqualTo("success");
    }

    static void assertCounts(JobResult r, long read, long inserted, long updated, long unchanged) {
        assertSuccess(r);
        assertThat(List.of(r.count("rows_read"), r.count("inserted"), r.count("updated"), r.count("unchanged")))
                .as(r.toString()).containsExactly(read, inserted, updated, unchanged);
    }

    // ---- the contract ---------------------------------------------------------------------

    @Test
    void firstLoadInsertsAndRerunLeavesEveryRowIdentical() throws Exception {
        putDaily(THU, "part-00000.parquet", day(THU, 150.0));
        putDaily(FRI, "part-00000.parquet", day(FRI, 160.0));

        JobResult first = run(LoadHooks.NONE, env(), "load", "--from", THU.toString(), "--to", FRI.toString(),
                "--run-id", "run-1", "--warehouse", warehouse());
        assertCounts(first, 6, 6, 0, 0);
        List<Map<String, Object>> afterFirst = daily();
        assertThat(afterFirst).hasSize(6);
        assertThat(afterFirst).extracting(Snapshot::dailyKey).containsExactly(
                "AAPL/2024-01-04", "AAPL/2024-01-05", "GOOG/2024-01-04", "GOOG/2024-01-05",
                "MSFT/2024-01-04", "MSFT/2024-01-05");
        DailyMetrics msftFri = day(FRI, 160.0).get(1);
        Map<String, Object> row = afterFirst.get(5);
        assertThat(row.get(Fields.DAILY_OPEN)).isEqualTo(msftFri.dailyOpen());
        assertThat(row.get(Fields.DAILY_HIGH)).isEqualTo(msftFri.dailyHigh());
        assertThat(row.get(Fields.DAILY_LOW)).isEqualTo(msftFri.dailyLow());
        assertThat(row.get(Fields.DAILY_CLOSE)).isEqualTo(msftFri.dailyClose());
        assertThat(row.get(Fields.DAILY_VOLUME)).isEqualTo(msftFri.dailyVolume());
        assertThat(row.get(Fields.PCT_CHANGE)).isEqualTo(msftFri.pctChange());
        assertThat(row.get(Fields.BAR_COUNT)).isEqualTo(msftFri.barCount());
        assertThat(afterFirst).allSatisfy(r -> {
            assertThat(r.get(Fields.RUN_ID)).isEqualTo("run-1");
            assertThat(r.get(Fields.LOADED_AT)).isNotNull();
        });

        JobResult rerun = run(LoadHooks.NONE, env(), "load", "--from", THU.toString(), "--to", FRI.toString(),
                "--run-id", "run-2", "--warehouse", warehouse());
        assertCounts(rerun, 6, 0, 0, 6);
        assertThat(daily()).isEqualTo(afterFirst);
    }

    @Test
    void correctedSourceRowUpdatesExactlyThatRow() throws Exception {
        putDaily(FRI, "part-00000.parquet", day(FRI, 160.0));
        assertCounts(run(load("run-1", FRI)), 3, 3, 0, 0);
        List<Map<String, Object>> before = daily();

        List<DailyMetrics> corrected = new ArrayList<>(day(FRI, 160.0));
        corrected.set(1, Rows.daily("MSFT", FRI, 171.5, 390));
        putDaily(FRI, "part-00000.parquet", corrected);
        assertCounts(run(load("run-2", FRI)), 3, 0, 1, 2);

        List<Map<String, Object>> after = daily();
        assertThat(after.get(0)).isEqualTo(before.get(0));
        assertThat(after.get(1)).isEqualTo(before.get(1));
        assertThat(after.get(2).get(Fields.SYMBOL)).isEqualTo("MSFT");
        assertThat(after.get(2).get(Fields.DAILY_CLOSE)).isEqualTo(171.5);
        assertThat(after.get(2).get(Fields.PCT_CHANGE)).isEqualTo(corrected.get(1).pctChange());
        assertThat(after.get(2).get(Fields.RUN_ID)).isEqualTo("run-2");
        assertThat(before.get(2).get(Fields.RUN_ID)).isEqualTo("run-1");
    }

    @Test
    void duplicateKeysResolveToTheSameRowWhateverTheInputOrder() throws Exception {
        DailyMetrics partial = Rows.daily("AAPL", FRI, 150.0, 200);
        DailyMetrics complete = Rows.daily("AAPL", FRI, 151.0, 390);
        DailyMetrics msft = Rows.daily("MSFT", FRI, 300.0, 390);

        putDaily(FRI, "part-00000.parquet", List.of(partial, msft));
        putDaily(FRI, "part-00001.parquet", List.of(complete, msft));
        JobResult first = run(load("run-1", FRI));
        assertCounts(first, 4, 2, 0, 0);
        assertThat(first.count("duplicate_rows")).isEqualTo(2);
        List<Map<String, Object>> one = daily();
        assertThat(one.get(0).get(Fields.DAILY_CLOSE)).isEqualTo(151.0);
        assertThat(one.get(0).get(Fields.BAR_COUNT)).isEqualTo(390L);

        cleanSlate();
        putDaily(FRI, "part-00000.parquet", List.of(msft, complete));
        putDaily(FRI, "part-00001.parquet", List.of(msft, partial));
        assertCounts(run(load("run-1", FRI)), 4, 2, 0, 0);
        List<Map<String, Object>> two = daily();
        assertThat(withoutLoadedAt(two)).isEqualTo(withoutLoadedAt(one));
    }

    private static List<Map<String, Object>> withoutLoadedAt(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> {
            Map<String, Object> copy = new HashMap<>(r);
            copy.remove(Fields.LOADED_AT);
            return copy;
        }).toList();
    }

    @Test
    void badRowMidLoadLeavesTargetUnchanged() throws Exception {
        putDaily(FRI, "part-00000.parquet", day(FRI, 160.0));
        assertCounts(run(load("run-1", FRI)), 3, 3, 0, 0);
        List<Map<String, Object>> before = daily();

        // the first file stages cleanly (and would update every row); the second has a row without a symbol
        putDaily(FRI, "part-00000.parquet", day(FRI, 180.0));
        List<DailyMetrics> bad = new ArrayList<>(List.of(Rows.daily("TSLA", FRI, 200.0, 390)));
        bad.add(new DailyMetrics(null, FRI, 1, 2, 0.5, 1.5, 10, 50, 3));
        putDaily(FRI, "part-00001.parquet", bad);

        JobResult failed = run(load("run-2", FRI));
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.stderr()).contains("Row 2 of", "part-00001.parquet", "has no symbol", "unchanged");
        assertThat(failed.summary().get("status").asText()).isEqualTo("failed");
        assertThat(daily()).isEqualTo(before);
    }

    @Test
    void droppedConnectionBeforeCommitLeavesTargetUnchanged() throws Exception {
        putDaily(FRI, "part-00000.parquet", day(FRI, 160.0));
        assertCounts(run(load("run-1", FRI)), 3, 3, 0, 0);
        List<Map<String, Object>> before = daily();

        putDaily(FRI, "part-00000.parquet", day(FRI, 190.0));
        putDaily(FRI, "part-00001.parquet", List.of(Rows.daily("TSLA", FRI, 200.0, 390)));
        LoadHooks dropAfterMerge = new LoadHooks() {
            @Override
            public void beforeCommit(Connection connection) throws Exception {
                dropConnection(connection);
            }
        };
        JobResult failed = run(dropAfterMerge, env(), load("run-2", FRI));
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.stderr()).contains("rolled back");
        assertThat(daily()).isEqualTo(before);

        // the same load succeeds once the connection is healthy again
        assertCounts(run(load("run-3", FRI)), 4, 1, 3, 0);
    }

    @Test
    void badCredentialsFailWithAClearMessageAndNoSecret() throws Exception {
        putDaily(FRI, "part-00000.parquet", day(FRI, 160.0));
        Map<String, String> env = new HashMap<>(STACK.stack().connectionProperties());
        env.putAll(badCredentialsEnv());
        JobResult failed = run(LoadHooks.NONE, env, load("run-1", FRI));
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.stderr()).contains("Could not connect to the " + warehouse() + " warehouse");
        assertThat(failed.stdout() + failed.stderr()).doesNotContain(secretInBadCredentials());
    }

    @Test
    void dryRunReportsTheMergeWithoutWriting() throws Exception {
        putDaily(FRI, "part-00000.parquet", day(FRI, 160.0));
        JobResult dryFirst = run(load("run-0", FRI, "--dry-run"));
        assertCounts(dryFirst, 3, 3, 0, 0);
        assertThat(dryFirst.summary().get("dry_run").asBoolean()).isTrue();
        assertThat(tableExists(TableSpec.DAILY)).isFalse();

        assertCounts(run(load("run-1", FRI)), 3, 3, 0, 0);
        List<Map<String, Object>> before = daily();
        List<DailyMetrics> corrected = new ArrayList<>(day(FRI, 160.0));
        corrected.set(0, Rows.daily("AAPL", FRI, 99.0, 390));
        putDaily(FRI, "part-00000.parquet", corrected);
        assertCounts(run(load("run-2", FRI, "--dry-run")), 3, 0, 1, 2);
        assertThat(daily()).isEqualTo(before);
    }

    boolean tableExists(TableSpec table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM " + tableRef(table)).close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void realtimeWindowsMergeOnSymbolWindowSizeAndStart() throws Exception {
        Instant t0 = Instant.parse("2024-01-05T14:30:00Z");
        List<WindowMetrics> quarter = List.of(
                Rows.window("AAPL", WindowSize.FIFTEEN_MINUTES, t0, 150.25, 0.5, 12),
                Rows.window("AAPL", WindowSize.FIFTEEN_MINUTES, t0.plusSeconds(300), 150.75, null, 1),
                Rows.window("MSFT", WindowSize.FIFTEEN_MINUTES, t0, 300.5, 1.25, 30));
        List<WindowMetrics> hour = List.of(Rows.window("AAPL", WindowSize.ONE_HOUR, t0, 150.5, 0.75, 48));
        putWindows(WindowSize.FIFTEEN_MINUTES, FRI, "part-00000.parquet", quarter);
        putWindows(WindowSize.ONE_HOUR, FRI, "part-00000.parquet", hour);

        String[] argv = {"load-realtime", "--date", FRI.toString(), "--run-id", "rt-1", "--warehouse", warehouse()};
        assertCounts(run(argv), 4, 4, 0, 0);
        List<Map<String, Object>> first = windows();
        assertThat(first).hasSize(4);
        Map<String, Object> single = first.stream()
                .filter(r -> r.get(Fields.TICK_COUNT).equals(1L)).findFirst().orElseThrow();
        assertThat(single.get(Fields.VOLATILITY)).isNull();
        assertThat(single.get(Fields.WINDOW_SIZE)).isEqualTo("15m");
        assertThat((String) single.get(Fields.WINDOW_START)).startsWith("2024-01-05 14:35:00");
        assertThat((String) single.get(Fields.WINDOW_END)).startsWith("2024-01-05 14:50:00");

        argv[4] = "rt-2";
        assertCounts(run(argv), 4, 0, 0, 4);
        assertThat(windows()).isEqualTo(first);

        // a later micro-batch saw more ticks in the single-tick window
        putWindows(WindowSize.FIFTEEN_MINUTES, FRI, "part-00001.parquet",
                List.of(Rows.window("AAPL", WindowSize.FIFTEEN_MINUTES, t0.plusSeconds(300), 150.9, 0.2, 5)));
        argv[4] = "rt-3";
        JobResult third = run(argv);
        assertCounts(third, 5, 0, 1, 3);
        assertThat(third.count("duplicate_rows")).isEqualTo(1);
        Map<String, Object> updated = windows().stream()
                .filter(r -> r.get(Fields.RUN_ID).equals("rt-3")).findFirst().orElseThrow();
        assertThat(updated.get(Fields.TICK_COUNT)).isEqualTo(5L);
        assertThat(updated.get(Fields.VOLATILITY)).isEqualTo(0.2);
    }
}

package dev.stockpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.DailyMetrics;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.LakeLayout;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.contracts.Validated;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.local.IndependentMetrics.DayKey;
import dev.stockpipe.local.IndependentMetrics.WindowKey;
import dev.stockpipe.local.IndependentMetrics.WindowValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local pipeline end to end at small scale, on the real runnable units (through bin/): the
 * warehouse must equal an independent recomputation from the raw records in the lake, and the
 * window metrics an independent computation over the landed ticks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalPipelineIT {

    private static final Duration SLIDE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.now();

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Demo demo;
    private Demo.DemoResult result;
    private List<HistoricalBar> landedBars;
    private List<Tick> landedTicks;
    private DashboardWatcher.Seen dashboard;

    @BeforeAll
    void runThePipeline() {
        Path home = Path.of(System.getProperty("stockpipe.home", "..")).toAbsolutePath().normalize();
        DemoOptions options = new DemoOptions("synthetic", List.of("AAPL", "MSFT", "BRK.B"), 4, Duration.ofSeconds(12), 100,
                300, false, Path.of("target/local-pipeline-it").toAbsolutePath(), home, 0);
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        demo = new Demo(options, out);
        // a real browser follows the dashboard while the pipeline runs
        DashboardWatcher watcher = new DashboardWatcher(demo.dashboardUrl(), options.symbols(), Path.of("target").toAbsolutePath());
        try {
            result = demo.run();
        } catch (RuntimeException e) {
            throw new AssertionError("the local pipeline failed: " + e.getMessage() + "\nprogress:\n" + output, e);
        }
        try {
            dashboard = watcher.awaitSeen(Duration.ofMinutes(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the browser watched the dashboard", e);
        }
        try (LakeReader lake = new LakeReader(result.env())) {
            landedBars = lake.rawLines(LakeLayout.DEFAULT.rawHistoricalRoot()).stream()
                    .map(l -> valid(RecordValidator.parseBar(l, NOW))).toList();
            landedTicks = lake.rawLines(LakeLayout.DEFAULT.rawRealtimeRoot()).stream()
                    .map(l -> valid(RecordValidator.parseTick(l, NOW))).toList();
        }
    }

    @AfterAll
    void stopEverything() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void theDashboardShowsEverySymbolWithLivePrices() {
        assertThat(dashboard.failure).as("browser: %s", dashboard).isNull();
        assertThat(dashboard.firstPrice.keySet()).as("%s", dashboard).containsExactlyInAnyOrderElementsOf(List.of("AAPL", "MSFT", "BRK.B"));
        assertThat(dashboard.priceChanged).as("a price changed on the page: %s", dashboard).isNotNull();
        // the simulator runs 12 s: a price must move on the page within a few seconds of the first ones
        assertThat(dashboard.priceChanged.minus(dashboard.allSymbolsPriced)).as("%s", dashboard).isLessThan(Duration.ofSeconds(8));
        assertThat(dashboard.liveScreenshot).isRegularFile();
    }

    @Test
    void theDashboardShowsWindowRowsOnceTheWindowJobPublished() {
        assertThat(dashboard.windowRows15m).as("15m rows on the page: %s", dashboard).isNotNull();
        assertThat(dashboard.windowRows1h).as("1h rows on the page: %s", dashboard).isNotNull();
        // one row per symbol and window size: the latest window of each
        assertThat(dashboard.windowRowCount).as("%s", dashboard).isEqualTo(3 * WindowSize.values().length);
        assertThat(result.windowSummary().get("published_to").asText()).isEqualTo("stock.metrics.windows");
        assertThat(result.windowSummary().get("windows").get("15m").get("rows_published").asLong())
                .isEqualTo(result.windowSummary().get("windows").get("15m").get("rows_written").asLong()).isPositive();
        assertThat(dashboard.finalScreenshot).isRegularFile();
    }

    @Test
    void theDashboardSaysStaleOnceTheSimulatorStops() {
        assertThat(dashboard.staleBanner).as("stale banner: %s", dashboard).isNotNull();
        assertThat(dashboard.staleBanner).isGreaterThan(dashboard.priceChanged);
        assertThat(dashboard.staleText.toLowerCase()).contains("stale since");
    }

    @Test
    void anUnknownSymbolIsAClear404() {
        assertThat(dashboard.notFoundStatus).as("%s", dashboard).isEqualTo(404);
        assertThat(dashboard.notFoundBody).contains("NOPE9");
        assertThat(dashboard.notFoundPageText).contains("NOPE9").contains("AAPL");
    }

    @Test
    void progressIsVisibleStepByStep() {
        String progress = output.toString(StandardCharsets.UTF_8);
        for (int step = 1; step <= Demo.STEPS; step++) {
            assertThat(progress).contains("step " + step + "/" + Demo.STEPS);
        }
    }

    /** Every service's and job's output — progress, each process log, devstack's child logs — is free of the S3 secret. */
    @Test
    void noProcessPrintsTheS3Secret() throws java.io.IOException {
        String secret = System.getenv(dev.stockpipe.devstack.DevStack.SECRET_KEY_ENV);
        assertThat(secret).as("failsafe sets a known secret for this check").isNotBlank()
                .isEqualTo(result.env().get(dev.stockpipe.contracts.RuntimeEnv.S3_SECRET_ACCESS_KEY));
        assertThat(output.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
        Path dataDir = Path.of("target/local-pipeline-it").toAbsolutePath();
        List<Path> logs;
        try (var files = java.nio.file.Files.walk(dataDir)) {
            logs = files.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
        }
        assertThat(logs).as("process logs under %s", dataDir).hasSizeGreaterThanOrEqualTo(5);
        for (Path log : logs) {
            assertThat(java.nio.file.Files.readString(log, StandardCharsets.ISO_8859_1)).as("%s", log).doesNotContain(secret);
        }
    }

    @Test
    void theLakeHoldsEveryRecordExactlyOnce() {
        assertThat(landedBars).hasSize((int) result.barsSent());
        assertThat(landedBars.stream().map(b -> b.symbol() + "@" + b.ts()).distinct()).hasSize(landedBars.size());
        assertThat(landedTicks).hasSize((int) result.ticksSent());
        assertThat(landedTicks.stream().map(t -> t.symbol() + "#" + t.seq()).distinct()).hasSize(landedTicks.size());
        assertThat(landedBars).allSatisfy(b -> assertThat(b.runId()).isEqualTo(result.runId()));
    }

    @Test
    void warehouseDailyRowsEqualAnIndependentRecomputationFromTheRawZone() throws SQLException {
        Map<DayKey, DailyMetrics> expected = IndependentMetrics.daily(landedBars, TradingCalendar.newYork());
        Map<DayKey, DailyMetrics> actual = new HashMap<>();
        query("""
                SELECT symbol, CAST(trade_date AS VARCHAR), daily_open, daily_high, daily_low, daily_close, daily_volume,
                       pct_change, bar_count FROM daily_stock_metrics""", rs -> {
            DailyMetrics m = new DailyMetrics(rs.getString(1), LocalDate.parse(rs.getString(2)), rs.getDouble(3), rs.getDouble(4),
                    rs.getDouble(5), rs.getDouble(6), rs.getLong(7), rs.getDouble(8), rs.getLong(9));
            actual.put(new DayKey(m.symbol(), m.tradeDate()), m);
        });
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(expected).hasSize(3 * 4);
        expected.forEach((key, e) -> {
            DailyMetrics a = actual.get(key);
            assertThat(a.dailyOpen()).as("open %s", key).isCloseTo(e.dailyOpen(), within(1e-9));
            assertThat(a.dailyHigh()).as("high %s", key).isCloseTo(e.dailyHigh(), within(1e-9));
            assertThat(a.dailyLow()).as("low %s", key).isCloseTo(e.dailyLow(), within(1e-9));
            assertThat(a.dailyClose()).as("close %s", key).isCloseTo(e.dailyClose(), within(1e-9));
            assertThat(a.dailyVolume()).as("volume %s", key).isEqualTo(e.dailyVolume());
            assertThat(a.pctChange()).as("pct %s", key).isCloseTo(e.pctChange(), within(1e-9));
            assertThat(a.barCount()).as("bars %s", key).isEqualTo(e.barCount());
        });
    }

    @Test
    void windowMetricsEqualAnIndependentComputationOverTheLandedTicks() throws SQLException {
        Map<WindowKey, WindowValue> actual = new HashMap<>();
        query("""
                SELECT symbol, window_size, epoch_ms(window_start), epoch_ms(window_end), moving_avg, volatility, volume, tick_count
                FROM realtime_window_metrics""", rs -> {
            WindowSize size = WindowSize.parse(rs.getString(2));
            Instant start = Instant.ofEpochMilli(rs.getLong(3));
            assertThat(Instant.ofEpochMilli(rs.getLong(4))).isEqualTo(start.plus(size.length()));
            double vol = rs.getDouble(6);
            Double volatility = rs.wasNull() ? null : vol;
            actual.put(new WindowKey(rs.getString(1), size, start), new WindowValue(rs.getDouble(5), volatility, rs.getLong(7), rs.getLong(8)));
        });
        assertThat(actual).isNotEmpty();
        for (WindowSize size : WindowSize.values()) {
            Map<WindowKey, WindowValue> expected = IndependentMetrics.windows(landedTicks, size, SLIDE);
            Instant watermark = JsonCodec.parseInstant(watermarkOf(size));
            Set<WindowKey> closed = new HashSet<>();
            expected.forEach((key, value) -> {
                if (!key.start().plus(size.length()).isAfter(watermark.minusSeconds(1))) {
                    closed.add(key);
                }
            });
            Set<WindowKey> written = new HashSet<>();
            actual.keySet().stream().filter(k -> k.size() == size).forEach(written::add);
            assertThat(closed).as("%s windows closed by the watermark %s", size.code(), watermark).isNotEmpty();
            assertThat(written).as("%s windows written", size.code()).containsAll(closed);
            for (WindowKey key : written) {
                WindowValue e = expected.get(key);
                WindowValue a = actual.get(key);
                assertThat(e).as("window %s has ticks in the lake", key).isNotNull();
                assertThat(a.tickCount()).as("ticks %s", key).isEqualTo(e.tickCount());
                assertThat(a.volume()).as("volume %s", key).isEqualTo(e.volume());
                assertThat(a.movingAvg()).as("avg %s", key).isCloseTo(e.movingAvg(), within(1e-9 * e.movingAvg()));
                if (e.volatility() == null) {
                    assertThat(a.volatility()).as("volatility %s", key).isNull();
                } else {
                    assertThat(a.volatility()).as("volatility %s", key).isCloseTo(e.volatility(), within(1e-6 * e.movingAvg()));
                }
            }
        }
    }

    private String watermarkOf(WindowSize size) {
        assertThat(result.windowSummary().get("windows").get(size.code()))
                .as("window summary for %s: %s", size.code(), result.windowSummary()).isNotNull();
        // one query computes every size: one watermark
        return result.windowSummary().get("watermark").asText();
    }

    private interface RowCheck {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowCheck check) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + result.warehouseFile(), readOnly);
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                check.accept(rs);
            }
        }
    }

    private static <T> T valid(Validated<T> v) {
        assertThat(v.reasons()).as("every landed record is valid").isEmpty();
        return v.value();
    }
}

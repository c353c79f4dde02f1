package dev.stockpipe.warehouse.support;

import dev.stockpipe.contracts.DailyMetrics;
import dev.stockpipe.contracts.WindowMetrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes Parquet in the processed layout's schema with DuckDB, as the spark module would: daily
 * metrics with a DATE column, window metrics with UTC-adjusted timestamps. A {@code null} in a
 * list stands for a "bad row" whose symbol is missing.
 */
public final class ParquetFixtures {

    private ParquetFixtures() {
    }

    public static void writeDaily(Path file, List<DailyMetrics> rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (symbol VARCHAR, trade_date DATE, daily_open DOUBLE, daily_high DOUBLE, "
                    + "daily_low DOUBLE, daily_close DOUBLE, daily_volume BIGINT, pct_change DOUBLE, bar_count BIGINT)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, CAST(? AS DATE), ?, ?, ?, ?, ?, ?, ?)")) {
                for (DailyMetrics m : rows) {
                    if (m.symbol() == null) {
                        ps.setNull(1, Types.VARCHAR);
                    } else {
                        ps.setString(1, m.symbol());
                    }
                    ps.setString(2, m.tradeDate().toString());
                    ps.setDouble(3, m.dailyOpen());
                    ps.setDouble(4, m.dailyHigh());
                    ps.setDouble(5, m.dailyLow());
                    ps.setDouble(6, m.dailyClose());
                    ps.setLong(7, m.dailyVolume());
                    ps.setDouble(8, m.pctChange());
                    ps.setLong(9, m.barCount());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            s.execute("COPY t TO '" + literal(file) + "' (FORMAT PARQUET)");
        }
    }

    public static void writeWindows(Path file, List<WindowMetrics> rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("CREATE TABLE t (symbol VARCHAR, window_size VARCHAR, window_start TIMESTAMPTZ, "
                    + "window_end TIMESTAMPTZ, moving_avg DOUBLE, volatility DOUBLE, volume BIGINT, tick_count BIGINT)");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO t VALUES (?, ?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?, ?, ?, ?)")) {
                for (WindowMetrics m : rows) {
                    ps.setString(1, m.symbol());
                    ps.setString(2, m.windowSize().code());
                    ps.setString(3, LocalDateTime.ofInstant(m.windowStart(), ZoneOffset.UTC).toString());
                    ps.setString(4, LocalDateTime.ofInstant(m.windowEnd(), ZoneOffset.UTC).toString());
                    ps.setDouble(5, m.movingAvg());
                    if (m.volatility() == null) {
                        ps.setNull(6, Types.DOUBLE);
                    } else {
                        ps.setDouble(6, m.volatility());
                    }
                    ps.setLong(7, m.volume());
                    ps.setLong(8, m.tickCount());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            s.execute("COPY t TO '" + literal(file) + "' (FORMAT PARQUET)");
        }
    }

    private static String literal(Path file) {
        return file.toAbsolutePath().toString().replace("'", "''");
    }
}

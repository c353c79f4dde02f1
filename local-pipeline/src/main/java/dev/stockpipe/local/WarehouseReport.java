package dev.stockpipe.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Prints what landed in the DuckDB warehouse as readable tables. */
final class WarehouseReport {

    /** Shown to the user as something to try; also what the report itself runs first. */
    static final String EXAMPLE_QUERY = """
            SELECT symbol, trade_date, daily_open, daily_close, round(pct_change, 2) AS pct_change, daily_volume
            FROM daily_stock_metrics
            WHERE trade_date = (SELECT max(trade_date) FROM daily_stock_metrics)
            ORDER BY pct_change DESC""";

    static final String LATEST_WINDOWS_QUERY = """
            SELECT symbol, window_size, window_start, window_end, round(moving_avg, 4) AS moving_avg,
                   round(volatility, 4) AS volatility, volume, tick_count
            FROM realtime_window_metrics w
            WHERE window_start = (SELECT max(window_start) FROM realtime_window_metrics x
                                  WHERE x.symbol = w.symbol AND x.window_size = w.window_size)
            ORDER BY window_size, symbol""";

    private WarehouseReport() {
    }

    static void print(Path duckdbFile, PrintStream out) {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdbFile, readOnly)) {
            out.println();
            out.println("Daily metrics, latest trading date (warehouse table DAILY_STOCK_METRICS):");
            table(c, EXAMPLE_QUERY, out);
            out.println();
            out.println("Daily metrics per symbol over the backfill:");
            table(c, """
                    SELECT symbol, count(*) AS days, min(trade_date) AS first_day, max(trade_date) AS last_day,
                           round(avg(pct_change), 3) AS avg_pct_change, sum(daily_volume) AS total_volume
                    FROM daily_stock_metrics GROUP BY symbol ORDER BY symbol""", out);
            out.println();
            out.println("Latest 15-minute and 1-hour sliding windows per symbol (REALTIME_WINDOW_METRICS):");
            table(c, LATEST_WINDOWS_QUERY, out);
        } catch (SQLException e) {
            throw new PipelineFailure("Cannot read the warehouse " + duckdbFile + ": " + e.getMessage(), e);
        }
    }

    static void table(Connection c, String sql, PrintStream out) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String[]> rows = new ArrayList<>();
            String[] header = new String[n];
            for (int i = 0; i < n; i++) {
                header[i] = md.getColumnLabel(i + 1);
            }
            rows.add(header);
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    Object v = rs.getObject(i + 1);
                    row[i] = v == null ? "" : v.toString();
                }
                rows.add(row);
            }
            int[] width = new int[n];
            for (String[] row : rows) {
                for (int i = 0; i < n; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            for (int r = 0; r < rows.size(); r++) {
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < n; i++) {
                    line.append(String.format("%-" + width[i] + "s", rows.get(r)[i])).append(i + 1 < n ? " | " : "");
                }
                out.println(line.toString().stripTrailing());
                if (r == 0) {
                    StringBuilder rule = new StringBuilder("  ");
                    for (int i = 0; i < n; i++) {
                        rule.append("-".repeat(width[i])).append(i + 1 < n ? "-+-" : "");
                    }
                    out.println(rule);
                }
            }
            if (rows.size() == 1) {
                out.println("  (no rows)");
            }
        }
    }
}

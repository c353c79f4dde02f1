package dev.stockpipe.bench;

import static dev.stockpipe.contracts.Fields.BAR_COUNT;
import static dev.stockpipe.contracts.Fields.CLOSE;
import static dev.stockpipe.contracts.Fields.DAILY_CLOSE;
import static dev.stockpipe.contracts.Fields.DAILY_HIGH;
import static dev.stockpipe.contracts.Fields.DAILY_LOW;
import static dev.stockpipe.contracts.Fields.DAILY_OPEN;
import static dev.stockpipe.contracts.Fields.DAILY_VOLUME;
import static dev.stockpipe.contracts.Fields.HIGH;
import static dev.stockpipe.contracts.Fields.INTERVAL;
import static dev.stockpipe.contracts.Fields.LOW;
import static dev.stockpipe.contracts.Fields.OPEN;
import static dev.stockpipe.contracts.Fields.PCT_CHANGE;
import static dev.stockpipe.contracts.Fields.RUN_ID;
import static dev.stockpipe.contracts.Fields.SYMBOL;
import static dev.stockpipe.contracts.Fields.TRADE_DATE;
import static dev.stockpipe.contracts.Fields.TS;
import static dev.stockpipe.contracts.Fields.VOLUME;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.LakeLayout;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The DuckDB baseline of benchmark 3, run in its own JVM like the Spark job: the same daily
 * aggregation as DailyMetricsJob (quality filter, New York trading date, finest interval per
 * symbol and day, dedup of (symbol, ts) with the greatest run_id, open of the earliest bar, close
 * of the latest, high, low, volume, pct_change, bar_count) over the same raw files, written as
 * Parquet partitioned by date. Prints {@code rows_written elapsed_ms} on stdout.
 *
 * <p>Usage: {@code DuckDbDailyMain <lake dir> <from> <to> <output dir>}
 */
public final class DuckDbDailyMain {

    private DuckDbDailyMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DuckDbDailyMain <lake dir> <from> <to> <output dir>");
            System.exit(2);
        }
        long start = System.nanoTime();
        String glob = Path.of(args[0]).resolve(LakeLayout.DEFAULT.rawHistoricalRoot()) + "/**/*" + LakeLayout.RAW_SUFFIX;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            String query = sql(glob, args[1], args[2]);
            st.execute("COPY (" + query + ") TO '" + args[3] + "' (FORMAT parquet, PARTITION_BY (date), OVERWRITE_OR_IGNORE)");
            long rows;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + args[3] + "/**/*.parquet')")) {
                rs.next();
                rows = rs.getLong(1);
            }
            System.out.println(rows + " " + (System.nanoTime() - start) / 1_000_000);
        }
    }

    static String sql(String glob, String from, String to) {
        String intervals = Arrays.stream(BarInterval.values())
                .map(i -> "WHEN '" + i.code() + "' THEN " + i.length().toSeconds()).collect(Collectors.joining(" "));
        String codes = Arrays.stream(BarInterval.codes()).map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        return "WITH raw AS (SELECT * FROM read_json('" + glob + "', format = 'newline_delimited', ignore_errors = true, columns = {"
                + SYMBOL + ": 'VARCHAR', " + TS + ": 'TIMESTAMPTZ', \"" + INTERVAL + "\": 'VARCHAR', " + OPEN + ": 'DOUBLE', "
                + HIGH + ": 'DOUBLE', " + LOW + ": 'DOUBLE', " + CLOSE + ": 'DOUBLE', " + VOLUME + ": 'BIGINT', " + RUN_ID + ": 'VARCHAR'})), "
                + "valid AS (SELECT *, CAST(timezone('America/New_York', " + TS + ") AS DATE) AS " + TRADE_DATE
                + ", CASE \"" + INTERVAL + "\" " + intervals + " END AS secs FROM raw WHERE " + SYMBOL + " IS NOT NULL AND " + TS
                + " IS NOT NULL AND " + VOLUME + " >= 0 AND \"" + INTERVAL + "\" IN (" + codes + ") AND "
                + OPEN + " > 0 AND " + HIGH + " > 0 AND " + LOW + " > 0 AND " + CLOSE + " > 0 AND isfinite(" + OPEN + ") AND isfinite("
                + HIGH + ") AND isfinite(" + LOW + ") AND isfinite(" + CLOSE + ") AND " + HIGH + " >= " + LOW + " AND " + OPEN
                + " BETWEEN " + LOW + " AND " + HIGH + " AND " + CLOSE + " BETWEEN " + LOW + " AND " + HIGH + "), "
                + "dated AS (SELECT * FROM valid WHERE " + TRADE_DATE + " BETWEEN DATE '" + from + "' AND DATE '" + to + "'), "
                + "finest AS (SELECT * FROM dated QUALIFY secs = min(secs) OVER (PARTITION BY " + SYMBOL + ", " + TRADE_DATE + ")), "
                + "dedup AS (SELECT * FROM finest QUALIFY row_number() OVER (PARTITION BY " + SYMBOL + ", " + TS + " ORDER BY " + RUN_ID
                + " DESC) = 1), "
                + "daily AS (SELECT " + SYMBOL + ", " + TRADE_DATE + ", arg_min(" + OPEN + ", " + TS + ") AS " + DAILY_OPEN + ", max(" + HIGH
                + ") AS " + DAILY_HIGH + ", min(" + LOW + ") AS " + DAILY_LOW + ", arg_max(" + CLOSE + ", " + TS + ") AS " + DAILY_CLOSE
                + ", sum(" + VOLUME + ") AS " + DAILY_VOLUME + ", count(*) AS " + BAR_COUNT + " FROM dedup GROUP BY ALL) "
                + "SELECT " + SYMBOL + ", " + TRADE_DATE + ", " + DAILY_OPEN + ", " + DAILY_HIGH + ", " + DAILY_LOW + ", " + DAILY_CLOSE + ", "
                + DAILY_VOLUME + ", (" + DAILY_CLOSE + " - " + DAILY_OPEN + ") / " + DAILY_OPEN + " * 100 AS " + PCT_CHANGE + ", " + BAR_COUNT
                + ", " + TRADE_DATE + " AS date FROM daily";
    }
}

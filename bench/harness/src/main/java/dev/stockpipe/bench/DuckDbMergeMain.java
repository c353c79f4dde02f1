package dev.stockpipe.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The DuckDB by-hand baseline of benchmark 4, in its own JVM: stage the Parquet files with
 * {@code read_parquet}, then the same MERGE as the psql baseline, in one transaction, into a
 * new database file. Prints {@code rows_merged elapsed_ms} (stage + MERGE + commit).
 *
 * <p>Usage: {@code DuckDbMergeMain <database file> <parquet glob>}
 */
public final class DuckDbMergeMain {

    private DuckDbMergeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DuckDbMergeMain <database file> <parquet glob>");
            System.exit(2);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0]); Statement st = c.createStatement()) {
            st.execute(BaselineMerge.duckDbTable("daily_stock_metrics"));
            long start = System.nanoTime();
            c.setAutoCommit(false);
            st.execute("CREATE TEMP TABLE stage AS SELECT *, now()::TIMESTAMP AS loaded_at, 'bench-by-hand' AS run_id FROM read_parquet('"
                    + args[1] + "', hive_partitioning = false)");
            int merged = st.executeUpdate(BaselineMerge.merge("daily_stock_metrics", "stage"));
            c.commit();
            System.out.println(merged + " " + (System.nanoTime() - start) / 1_000_000);
        }
    }
}

package dev.stockpipe.warehouse.dialect;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connects through one named JDBC driver instead of {@code DriverManager}. The first
 * {@code DriverManager} call loads and initialises every driver on the class path; snowflake-jdbc's
 * initialisation (shaded BouncyCastle, Jackson) alone costs about 2 s of CPU, which a DuckDB or
 * PostgreSQL load would pay while it fetches from the lake.
 */
public final class DirectDriver {

    private DirectDriver() {
    }

    /** DuckDB's driver; {@code url} is a {@code jdbc:duckdb:} URL. */
    public static Connection duckDb(String url) throws SQLException {
        return connect(new org.duckdb.DuckDBDriver(), url, new Properties());
    }

    /** PostgreSQL's driver; {@code url} is a {@code jdbc:postgresql:} URL. */
    public static Connection postgres(String url, Properties props) throws SQLException {
        return connect(new org.postgresql.Driver(), url, props);
    }

    private static Connection connect(Driver driver, String url, Properties props) throws SQLException {
        Connection c = driver.connect(url, props);
        if (c == null) {
            // Driver.connect answers null, not an error, for a URL of another driver
            throw new SQLException("Not a URL for " + driver.getClass().getName() + ": " + url.split("\\?")[0]);
        }
        return c;
    }
}

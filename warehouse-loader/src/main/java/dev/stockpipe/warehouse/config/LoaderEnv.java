package dev.stockpipe.warehouse.config;

/**
 * Environment variables the loader reads besides the lake's {@code RuntimeEnv} ones. Every
 * {@code *_PASSWORD} / {@code *_PASSPHRASE} may instead be given as a file via {@code NAME_FILE}.
 */
public final class LoaderEnv {

    public static final String WAREHOUSE = "LOADER_WAREHOUSE";
    public static final String DATA_DIR = "STOCKPIPE_DATA_DIR";
    public static final String DUCKDB_FILE = "DUCKDB_FILE";
    public static final String WAREHOUSE_SCHEMA = "WAREHOUSE_SCHEMA";

    public static final String POSTGRES_JDBC_URL = "POSTGRES_JDBC_URL";
    public static final String POSTGRES_USER = "POSTGRES_USER";
    public static final String POSTGRES_PASSWORD = "POSTGRES_PASSWORD";

    public static final String SNOWFLAKE_JDBC_URL = "SNOWFLAKE_JDBC_URL";
    public static final String SNOWFLAKE_ACCOUNT = "SNOWFLAKE_ACCOUNT";
    public static final String SNOWFLAKE_USER = "SNOWFLAKE_USER";
    public static final String SNOWFLAKE_ROLE = "SNOWFLAKE_ROLE";
    public static final String SNOWFLAKE_WAREHOUSE = "SNOWFLAKE_WAREHOUSE";
    public static final String SNOWFLAKE_DATABASE = "SNOWFLAKE_DATABASE";
    public static final String SNOWFLAKE_SCHEMA = "SNOWFLAKE_SCHEMA";
    public static final String SNOWFLAKE_PASSWORD = "SNOWFLAKE_PASSWORD";
    public static final String SNOWFLAKE_PRIVATE_KEY_FILE = "SNOWFLAKE_PRIVATE_KEY_FILE";
    public static final String SNOWFLAKE_PRIVATE_KEY_PASSPHRASE = "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE";
    public static final String SNOWFLAKE_BATCH_ROWS = "SNOWFLAKE_BATCH_ROWS";

    public static final String DEFAULT_DATA_DIR = "data";
    public static final String DUCKDB_RELATIVE_FILE = "warehouse/stockpipe.duckdb";

    private LoaderEnv() {
    }
}

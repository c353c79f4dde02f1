package dev.stockpipe.warehouse.config;

import dev.stockpipe.contracts.job.JobArgs;
import dev.stockpipe.warehouse.dialect.Dialect;
import dev.stockpipe.warehouse.dialect.DuckDbDialect;
import dev.stockpipe.warehouse.dialect.PostgresDialect;
import dev.stockpipe.warehouse.dialect.SnowflakeDialect;
import dev.stockpipe.warehouse.dialect.SnowflakeSettings;
import dev.stockpipe.warehouse.table.Identifiers;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link Dialect} the run writes to, from {@code --warehouse} / {@code --data-dir} /
 * {@code --duckdb-file} / {@code --schema} and the environment ({@link LoaderEnv}). Mistakes are
 * reported as {@link IllegalArgumentException}s naming the variable to set.
 */
public final class WarehouseConfig {

    public static final String OPT_WAREHOUSE = "warehouse";
    public static final String OPT_DATA_DIR = "data-dir";
    public static final String OPT_DUCKDB_FILE = "duckdb-file";
    public static final String OPT_SCHEMA = "schema";
    public static final Set<String> OPTIONS = Set.of(OPT_WAREHOUSE, OPT_DATA_DIR, OPT_DUCKDB_FILE, OPT_SCHEMA);

    public static final String DUCKDB = "duckdb";
    public static final String POSTGRESQL = "postgresql";
    public static final String SNOWFLAKE = "snowflake";

    private static final int DEFAULT_SNOWFLAKE_BATCH_ROWS = 10_000;

    private WarehouseConfig() {
    }

    /** The {@code --warehouse} value (or {@code LOADER_WAREHOUSE}), validated; default {@code duckdb}. */
    public static String warehouse(JobArgs args, Map<String, String> env) {
        String w = args.option(OPT_WAREHOUSE).or(() -> nonBlank(env, LoaderEnv.WAREHOUSE)).orElse(DUCKDB)
                .toLowerCase(Locale.ROOT);
        if (!Set.of(DUCKDB, POSTGRESQL, SNOWFLAKE).contains(w)) {
            throw new JobArgs.UsageException("Unknown --warehouse '" + w + "'; use duckdb, postgresql or snowflake");
        }
        return w;
    }

    public static Dialect dialect(JobArgs args, Map<String, String> env) {
        String warehouse = warehouse(args, env);
        Optional<String> schema = args.option(OPT_SCHEMA).or(() -> nonBlank(env, LoaderEnv.WAREHOUSE_SCHEMA))
                .map(s -> Identifiers.require(s, "schema"));
        return switch (warehouse) {
            case DUCKDB -> new DuckDbDialect(duckDbFile(args, env), schema);
            case POSTGRESQL -> new PostgresDialect(
                    required(env, LoaderEnv.POSTGRES_JDBC_URL, "e.g. jdbc:postgresql://host:5432/db"),
                    required(env, LoaderEnv.POSTGRES_USER, "the login role"),
                    Secrets.read(env, LoaderEnv.POSTGRES_PASSWORD).orElseThrow(() -> new IllegalArgumentException(
                            "Set " + LoaderEnv.POSTGRES_PASSWORD + " or " + LoaderEnv.POSTGRES_PASSWORD
                                    + Secrets.FILE_SUFFIX + " for the PostgreSQL warehouse")),
                    schema);
            case SNOWFLAKE -> new SnowflakeDialect(snowflake(env));
            default -> throw new IllegalStateException(warehouse);
        };
    }

    static Path duckDbFile(JobArgs args, Map<String, String> env) {
        Optional<String> file = args.option(OPT_DUCKDB_FILE).or(() -> nonBlank(env, LoaderEnv.DUCKDB_FILE));
        if (file.isPresent()) {
            return Path.of(file.get());
        }
        String dataDir = args.option(OPT_DATA_DIR).or(() -> nonBlank(env, LoaderEnv.DATA_DIR))
                .orElse(LoaderEnv.DEFAULT_DATA_DIR);
        return Path.of(dataDir).resolve(LoaderEnv.DUCKDB_RELATIVE_FILE);
    }

    static SnowflakeSettings snowflake(Map<String, String> env) {
        String account = required(env, LoaderEnv.SNOWFLAKE_ACCOUNT, "the account identifier, e.g. myorg-myaccount");
        String url = nonBlank(env, LoaderEnv.SNOWFLAKE_JDBC_URL)
                .orElse("jdbc:snowflake://" + account + ".snowflakecomputing.com/");
        if (!url.startsWith("jdbc:snowflake://")) {
            throw new IllegalArgumentException(LoaderEnv.SNOWFLAKE_JDBC_URL + " must start with jdbc:snowflake://");
        }
        int batch;
        try {
            batch = nonBlank(env, LoaderEnv.SNOWFLAKE_BATCH_ROWS).map(Integer::parseInt).orElse(DEFAULT_SNOWFLAKE_BATCH_ROWS);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(LoaderEnv.SNOWFLAKE_BATCH_ROWS + " must be an integer");
        }
        return new SnowflakeSettings(url, account,
                required(env, LoaderEnv.SNOWFLAKE_USER, "the login user"),
                nonBlank(env, LoaderEnv.SNOWFLAKE_ROLE),
                nonBlank(env, LoaderEnv.SNOWFLAKE_WAREHOUSE),
                required(env, LoaderEnv.SNOWFLAKE_DATABASE, "the database holding the tables"),
                nonBlank(env, LoaderEnv.SNOWFLAKE_SCHEMA).orElse("PUBLIC"),
                Secrets.read(env, LoaderEnv.SNOWFLAKE_PASSWORD),
                nonBlank(env, LoaderEnv.SNOWFLAKE_PRIVATE_KEY_FILE),
                Secrets.read(env, LoaderEnv.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE),
                batch);
    }

    private static String required(Map<String, String> env, String name, String hint) {
        return nonBlank(env, name).orElseThrow(() -> new IllegalArgumentException(
                "Set " + name + " (" + hint + ") for this warehouse"));
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}

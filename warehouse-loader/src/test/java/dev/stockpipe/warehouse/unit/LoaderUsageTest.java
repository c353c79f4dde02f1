package dev.stockpipe.warehouse.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpipe.warehouse.cli.LoaderMain;
import dev.stockpipe.warehouse.load.LoadHooks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rows of the README's "Bad input" table that need no server: each is one line on stderr, no
 * stack trace, and the exit code of the job contract (2 usage, 1 failure). No lake is ever contacted.
 */
class LoaderUsageTest {

    private static final Map<String, String> ENV = Map.of("S3_ENDPOINT", "http://127.0.0.1:9", "S3_ACCESS_KEY_ID", "k",
            "S3_SECRET_ACCESS_KEY", "s");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                              | 2 | Give a command first: load (daily metrics) or load-realtime
            unload --date 2024-01-05 --run-id r                             | 2 | not 'unload'
            load --run-id r                                                 | 2 | A date is required
            load --date x --run-id r                                        | 2 | --date must be a date YYYY-MM-DD, got 'x'
            load --from 2024-01-05 --to 2024-01-01 --run-id r               | 2 | --to 2024-01-01 is before --from 2024-01-05
            load --date 2024-01-05                                          | 2 | --run-id is required
            load --date 2024-01-05 --run-id a:b                             | 2 | Invalid --run-id 'a:b'
            load --date 2024-01-05 --run-id r --bogus 1                     | 2 | Unknown option --bogus
            load --date 2024-01-05 --run-id r --warehouse oracle            | 2 | use duckdb, postgresql or snowflake
            load-realtime --date 2024-01-05 --run-id r --window 2h          | 2 | --window must be 15m, 1h or all, got '2h'
            load --date 2024-01-05 --run-id r --warehouse snowflake         | 1 | Set SNOWFLAKE_ACCOUNT
            load --date 2024-01-05 --run-id r --warehouse postgresql        | 1 | Set POSTGRES_JDBC_URL
            load --date 2024-01-05 --run-id r --warehouse duckdb --schema x;y | 1 | Invalid schema name
            """)
    void badCommandLinesAnswerInOneLine(String args, int exitCode, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = args.isBlank() ? new String[0] : args.trim().split("\\s+");
        int exit = LoaderMain.run(argv, ENV, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), LoadHooks.NONE, s -> {
                    throw new AssertionError("a bad command line must not reach the lake");
                });
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(stderr).isEqualTo(exitCode);
        assertThat(stderr).contains(message).doesNotContain("\tat ");
        assertThat(stderr.strip().lines()).hasSize(1);
    }
}

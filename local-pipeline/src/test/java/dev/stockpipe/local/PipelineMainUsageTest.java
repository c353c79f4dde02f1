package dev.stockpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./pipeline demo} options: every mistake is exit 2 with one line, before anything starts. */
class PipelineMainUsageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                          | usage: demo
            run                         | usage: demo
            demo --source ftp           | --source must be synthetic or yahoo, got 'ftp'
            demo --days 0               | --days must be between 1 and 2000, got 0
            demo --days x               | --days must be an integer, got 'x'
            demo --tick-rate -1         | --tick-rate must be between 1 and 100000 ticks/s, got -1
            demo --tick-seconds 0       | --tick-seconds must be positive
            demo --time-scale 0         | --time-scale must be >= 1
            demo --symbols aapl         | --symbols: 'aapl' is not a ticker
            demo --symbols BRK.B,msft   | --symbols: 'msft' is not a ticker
            demo --symbols              | --symbols needs a value
            demo --bogus                | Unknown option --bogus
            """)
    void mistakesExitWithTwoAndOneLine(String args, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = args.isBlank() ? new String[0] : args.trim().split("\\s+");
        int exit = PipelineMain.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(stderr).isEqualTo(2);
        assertThat(stderr).startsWith("pipeline: ").contains(message).doesNotContain("\tat ");
        assertThat(stderr.strip().lines()).hasSize(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing started").isEmpty();
    }
}

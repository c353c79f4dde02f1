package dev.stockpipe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The usage rows of the README's "Bad input" table: each mistake is exit 2 with one line naming it,
 * and no Spark session is even started.
 */
class SparkJobsMainTest {

    private static final Map<String, String> LAKE = Map.of();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                                | Name the job first
            nope                                                              | Unknown job 'nope': use daily-metrics, window-metrics or raw-scan
            daily-metrics --lake /tmp/l                                       | A date is required
            daily-metrics --date 2024-13-01 --lake /tmp/l                     | --date must be a date YYYY-MM-DD, got '2024-13-01'
            daily-metrics --date 2024-01-05 --to 2024-01-01 --lake /tmp/l     | Give either --date or --from/--to, not both
            daily-metrics --from 2024-01-05 --to 2024-01-01 --lake /tmp/l     | --to 2024-01-01 is before --from 2024-01-05
            daily-metrics --date 2024-01-05 --bogus 1 --lake /tmp/l           | Unknown option --bogus
            daily-metrics --date 2024-01-05 --max-invalid-ratio 2 --lake /tmp/l | --max-invalid-ratio must be between 0 and 1
            daily-metrics --date 2024-01-05 --exchange-zone Mars/Base --lake /tmp/l | --exchange-zone must be a time zone id
            daily-metrics --date 2024-01-05 --run-id a:b --lake /tmp/l        | Invalid --run-id 'a:b'
            daily-metrics --date 2024-01-05                                   | No lake location: pass --lake
            daily-metrics --date 2024-01-05 --lake s3a://b --s3-access-key-id k | S3 credentials are incomplete
            window-metrics --source ftp --lake /tmp/l                         | --source must be files or kafka
            window-metrics --windows 2h --lake /tmp/l                         | --windows: Unknown window size '2h'
            window-metrics --slide 20m --windows 15m --lake /tmp/l            | --slide PT20M is longer than the 15m window
            window-metrics --watermark soon --lake /tmp/l                     | --watermark must be a duration such as 30s, 2m or 1h, got 'soon'
            window-metrics --source kafka --lake /tmp/l                       | --source kafka needs --kafka-bootstrap-servers
            window-metrics --metrics-topic t --lake /tmp/l                    | --metrics-topic needs Kafka
            raw-scan --lake /tmp/l                                            | --data must be bars or ticks
            raw-scan --data bars --lake /tmp/l                                | A date is required
            raw-scan --data ticks --fields some --lake /tmp/l                 | --fields must be all or none
            """)
    void usageMistakesExitWithTwoAndOneLine(String args, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = args.isBlank() ? new String[0] : args.trim().split("\\s+");
        int exit = SparkJobsMain.run(argv, LAKE, (name, master) -> {
            throw new AssertionError("a usage mistake must not start Spark");
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(stderr).isEqualTo(2);
        assertThat(stderr).contains(message).doesNotContain("\tat ");
        assertThat(stderr.strip().lines()).hasSize(1);
    }
}

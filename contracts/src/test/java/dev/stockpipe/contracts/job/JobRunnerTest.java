package dev.stockpipe.contracts.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(JobRunner.JobBody body, String... argv) {
        return JobRunner.run("test-job", argv, Set.of("dry-run"), Set.of("warehouse"), body,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private JsonNode lastLine() {
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        return JsonCodec.readTree(lines[lines.length - 1].getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void successPrintsTheSummaryLastAndWritesTheXcomFile(@TempDir Path dir) throws Exception {
        Path xcom = dir.resolve("airflow/xcom/return.json");
        int exit = run(args -> {
            System.out.flush();
            return Map.of("rows", 3, "days", args.dateRange().days().size());
        }, "--from", "2024-01-01", "--to", "2024-01-03", "--run-id", "r1", "--xcom-file", xcom.toString());
        assertThat(exit).isZero();
        JsonNode summary = lastLine();
        assertThat(summary.get("status").asText()).isEqualTo("success");
        assertThat(summary.get("run_id").asText()).isEqualTo("r1");
        assertThat(summary.get("days").asInt()).isEqualTo(3);
        assertThat(JsonCodec.readTree(Files.readAllBytes(xcom))).isEqualTo(summary);
    }

    @Test
    void usageMistakesExitTwoWithOneSentence() {
        int exit = run(args -> Map.of("d", args.dateRange().from().toString()), "--date", "2024-13-01");
        assertThat(exit).isEqualTo(JobRunner.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--date must be a date YYYY-MM-DD, got '2024-13-01'");
        assertThat(lastLine().get("status").asText()).isEqualTo("usage_error");
    }

    @Test
    void unknownOptionsAndMissingValuesAreUsageErrors() {
        assertThat(run(args -> Map.of(), "--colour", "red")).isEqualTo(JobRunner.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option --colour");
        assertThat(run(args -> Map.of(), "--warehouse")).isEqualTo(JobRunner.EXIT_USAGE);
        assertThat(run(args -> Map.of("id", args.runId()), "--run-id", "a b")).isEqualTo(JobRunner.EXIT_USAGE);
    }

    @Test
    void failuresExitOneWithTheirMessage() {
        int exit = run(args -> {
            throw new JobRunner.JobFailure("Warehouse unreachable at localhost:1: start it or fix --warehouse");
        }, "--date", "2024-01-02");
        assertThat(exit).isEqualTo(JobRunner.EXIT_FAILED);
        assertThat(lastLine().get("status").asText()).isEqualTo("failed");
        assertThat(lastLine().get("error").asText()).contains("Warehouse unreachable");
    }

    @Test
    void parsesFlagsOptionsAndPositionals() {
        JobArgs args = JobArgs.parse(new String[] {"historical", "--date=2024-01-02", "--dry-run", "--warehouse", "duckdb"},
                Set.of("dry-run"), Set.of("warehouse"));
        assertThat(args.positional()).containsExactly("historical");
        assertThat(args.flag("dry-run")).isTrue();
        assertThat(args.option("warehouse")).contains("duckdb");
        assertThat(args.dateRange()).isEqualTo(new JobArgs.DateRange(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 2)));
    }
}

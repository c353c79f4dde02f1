package dev.stockpipe.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stockpipe.contracts.JsonCodec;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.contracts.job.JobRunner;
import dev.stockpipe.ingest.backfill.BackfillRequestCheck;
import dev.stockpipe.ingest.backfill.BackfillRequests;
import dev.stockpipe.ingest.gbm.GbmModel;
import dev.stockpipe.ingest.source.BarSource;
import dev.stockpipe.ingest.source.csv.CsvBarSource;
import dev.stockpipe.ingest.source.synthetic.SyntheticBarGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line rows of README "Bad input": each mistake is exit 2, one line on stderr naming
 * the option, and a summary line with {@code status: usage_error}, before anything touches Kafka
 * (the job has no backfill service here: reaching it would be a test failure).
 */
class HistoricalJobUsageTest {

    @TempDir
    Path dir;

    record Run(int exit, List<String> stderr, JsonNode summary) {
    }

    Run run(String... args) {
        Map<String, BarSource> sources = Map.of(
                "synthetic", new SyntheticBarGenerator(42, s -> new GbmModel(100, 0.08, 0.3), TradingCalendar.newYork()),
                "csv", new CsvBarSource(dir.resolve("csv"), CsvBarSource.BadRowPolicy.FAIL, TradingCalendar.newYork()));
        BackfillRequestCheck check = new BackfillRequestCheck(name -> Optional.ofNullable(sources.get(name)),
                new BackfillRequestCheck.Defaults("synthetic", List.of("AAPL"), "1d"),
                Clock.fixed(Instant.parse("2024-03-15T18:00:00Z"), ZoneOffset.UTC));
        HistoricalJob job = new HistoricalJob(null, new BackfillRequests(check));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = job.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> stdout = out.toString(StandardCharsets.UTF_8).lines().toList();
        return new Run(exit, err.toString(StandardCharsets.UTF_8).lines().toList(),
                JsonCodec.readTree(stdout.get(stdout.size() - 1).getBytes(StandardCharsets.UTF_8)));
    }

    void usageError(Run r, String expected) {
        assertThat(r.exit()).isEqualTo(JobRunner.EXIT_USAGE);
        assertThat(r.stderr()).singleElement().asString().startsWith("ingest-historical: ").contains(expected);
        assertThat(r.summary().path("status").asText()).isEqualTo("usage_error");
        assertThat(r.summary().path("error").asText()).contains(expected);
    }

    @Test
    void noDate() {
        usageError(run("--symbols", "AAPL"), "A date is required: --date YYYY-MM-DD");
    }

    @Test
    void aDateThatIsNotADate() {
        usageError(run("--date", "2024-02-30"), "--date must be a date YYYY-MM-DD, got '2024-02-30'");
        usageError(run("--from", "2024-01-02", "--to", "yesterday"), "--to must be a date YYYY-MM-DD, got 'yesterday'");
    }

    @Test
    void fromAfterTo() {
        usageError(run("--from", "2024-01-05", "--to", "2024-01-02"), "--to 2024-01-02 is before --from 2024-01-05");
    }

    @Test
    void aDateInTheFuture() {
        usageError(run("--date", "2024-03-18"), "--date 2024-03-18 is in the future");
        usageError(run("--from", "2024-03-01", "--to", "2024-03-18"), "--to 2024-03-18 is in the future");
    }

    @Test
    void anUnknownSource() {
        usageError(run("--date", "2024-01-02", "--source", "bloomberg"), "--source must be one of yahoo, csv, synthetic; got 'bloomberg'");
    }

    @Test
    void aSymbolThatIsNotATicker() {
        usageError(run("--date", "2024-01-02", "--symbols", "AAPL,A;B"), "--symbols 'A;B' is not a ticker");
        usageError(run("--date", "2024-01-02", "--symbols", ","), "--symbols has an empty entry");
    }

    @Test
    void aBadInterval() {
        usageError(run("--date", "2024-01-02", "--interval", "1w"), "--interval must be one of 1m, 5m, 15m, 1h, 1d; got '1w'");
    }

    @Test
    void aBadRunId() {
        usageError(run("--date", "2024-01-02", "--run-id", "run id"), "--run-id 'run id' is not a run id");
    }

    @Test
    void anUnknownOption() {
        usageError(run("--date", "2024-01-02", "--symbol", "AAPL"), "Unknown option --symbol");
    }

    @Test
    void aMissingCsvFolder() {
        usageError(run("--date", "2024-01-02", "--source", "csv"), "--source 'csv' cannot be used: CSV path");
    }

    @Test
    void aSymbolWithoutACsvFile() throws IOException {
        Files.createDirectories(dir.resolve("csv"));
        Files.writeString(dir.resolve("csv/AAPL.csv"), "Date,Open,High,Low,Close,Volume\n");
        usageError(run("--date", "2024-01-02", "--source", "csv", "--symbols", "aapl,ibm"),
                "--symbols names IBM, which source csv does not know: there is no CSV file for IBM");
    }
}

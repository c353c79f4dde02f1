package dev.stockpipe.ingest.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.ingest.backfill.BadInput.Caller;
import dev.stockpipe.ingest.backfill.BadInput.Field;
import dev.stockpipe.ingest.gbm.GbmModel;
import dev.stockpipe.ingest.source.BarSource;
import dev.stockpipe.ingest.source.SourceBatch;
import dev.stockpipe.ingest.source.csv.CsvBarSource;
import dev.stockpipe.ingest.source.synthetic.SyntheticBarGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backfill rows of README "Bad input", for both spellings of the field names. */
class BackfillRequestCheckTest {

    /** 2024-03-15 in New York. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T18:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    BackfillRequestCheck check(Path csvPath) {
        Map<String, BarSource> sources = Map.of(
                "synthetic", new SyntheticBarGenerator(42, s -> new GbmModel(100, 0.08, 0.3), TradingCalendar.newYork()),
                "csv", new CsvBarSource(csvPath, CsvBarSource.BadRowPolicy.FAIL, TradingCalendar.newYork()),
                "yahoo", new RemoteSource());
        return new BackfillRequestCheck(name -> Optional.ofNullable(sources.get(name)),
                new BackfillRequestCheck.Defaults("synthetic", List.of("AAPL", "MSFT"), "1d"), CLOCK);
    }

    BackfillRequest ok(BackfillInput in) {
        return check(dir).check(in, Caller.REST, source -> "generated-" + source);
    }

    AbstractThrowableAssert<?, ? extends Throwable> bad(BackfillInput in, Caller caller, Field field) {
        return assertThatThrownBy(() -> check(dir).check(in, caller, source -> "generated"))
                .isInstanceOfSatisfying(BadInput.class, e -> assertThat(e.field()).isEqualTo(field))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    static BackfillInput input(String source, String symbols, String from, String to, String interval, String runId) {
        return new BackfillInput(source, symbols == null ? null : Arrays.asList(symbols.split(",", -1)), from, to, interval, runId);
    }

    @Test
    void defaultsFillWhatIsNotGiven() {
        BackfillRequest r = ok(input(null, null, "2024-01-02", "2024-01-05", null, null));
        assertThat(r).isEqualTo(new BackfillRequest("synthetic", List.of("AAPL", "MSFT"), LocalDate.of(2024, 1, 2),
                LocalDate.of(2024, 1, 5), BarInterval.ONE_DAY, "generated-synthetic"));
    }

    @Test
    void symbolsAreTrimmedUpperCasedAndDeduplicated() {
        assertThat(ok(input("SYNTHETIC", " aapl,msft ,AAPL,brk.b", "2024-01-02", "2024-01-02", null, "r")).symbols())
                .containsExactly("AAPL", "MSFT", "BRK.B");
    }

    @Test
    void anUnknownSourceNamesTheSourceField() {
        bad(input("bloomberg", null, "2024-01-02", "2024-01-02", null, null), Caller.COMMAND_LINE, Field.SOURCE)
                .hasMessage("--source must be one of yahoo, csv, synthetic; got 'bloomberg'");
        bad(input("bloomberg", null, "2024-01-02", "2024-01-02", null, null), Caller.REST, Field.SOURCE)
                .hasMessageStartingWith("'source' must be one of");
    }

    @Test
    void aSymbolThatIsNotATickerIsRefused() {
        bad(input(null, "AAPL,AA PL", "2024-01-02", "2024-01-02", null, null), Caller.COMMAND_LINE, Field.SYMBOLS)
                .hasMessageStartingWith("--symbols 'AA PL' is not a ticker");
        bad(input(null, "AAPL,,MSFT", "2024-01-02", "2024-01-02", null, null), Caller.COMMAND_LINE, Field.SYMBOLS)
                .hasMessageContaining("empty entry");
        bad(input(null, "$$$", "2024-01-02", "2024-01-02", null, null), Caller.REST, Field.SYMBOLS)
                .hasMessageStartingWith("'symbols' '$$$' is not a ticker");
        bad(new BackfillInput(null, List.of(), "2024-01-02", "2024-01-02", null, null), Caller.REST, Field.SYMBOLS)
                .hasMessageContaining("at least one symbol");
    }

    @Test
    void badDatesNameTheDateField() {
        bad(input(null, null, "2024-13-01", "2024-12-31", null, null), Caller.COMMAND_LINE, Field.FROM)
                .hasMessage("--from must be a date YYYY-MM-DD, got '2024-13-01'");
        bad(input(null, null, "2024-01-02", "02/01/2024", null, null), Caller.REST, Field.TO)
                .hasMessage("'to' must be a date YYYY-MM-DD, got '02/01/2024'");
        bad(input(null, null, null, "2024-01-02", null, null), Caller.REST, Field.FROM)
                .hasMessage("'from' is required (YYYY-MM-DD)");
    }

    @Test
    void aRangeThatRunsBackwardsOrIntoTheFutureIsRefused() {
        bad(input(null, null, "2024-01-05", "2024-01-02", null, null), Caller.COMMAND_LINE, Field.TO)
                .hasMessageStartingWith("--to 2024-01-02 is before --from 2024-01-05");
        bad(input(null, null, "2024-03-15", "2024-03-16", null, null), Caller.COMMAND_LINE, Field.TO)
                .hasMessageContaining("is in the future").hasMessageContaining("today, 2024-03-15");
        assertThat(ok(input(null, null, "2024-03-15", "2024-03-15", null, null)).to()).isEqualTo(LocalDate.of(2024, 3, 15));
    }

    @Test
    void aBadIntervalOrRunIdNamesIt() {
        bad(input(null, null, "2024-01-02", "2024-01-02", "2m", null), Caller.COMMAND_LINE, Field.INTERVAL)
                .hasMessage("--interval must be one of 1m, 5m, 15m, 1h, 1d; got '2m'");
        bad(input(null, null, "2024-01-02", "2024-01-02", "1D", null), Caller.REST, Field.INTERVAL);
        bad(input(null, null, "2024-01-02", "2024-01-02", null, "a/b"), Caller.COMMAND_LINE, Field.RUN_ID)
                .hasMessageStartingWith("--run-id 'a/b' is not a run id");
        bad(input(null, null, "2024-01-02", "2024-01-02", null, "a b"), Caller.REST, Field.RUN_ID)
                .hasMessageStartingWith("'run_id' 'a b' is not a run id");
    }

    @Test
    void aMissingCsvPathMakesTheCsvSourceUnusable() {
        BackfillInput in = input("csv", "AAPL", "2024-01-02", "2024-01-02", null, null);
        assertThatThrownBy(() -> check(dir.resolve("nope")).check(in, Caller.COMMAND_LINE, s -> "r"))
                .isInstanceOfSatisfying(BadInput.class, e -> assertThat(e.field()).isEqualTo(Field.SOURCE))
                .hasMessageContaining("--source 'csv' cannot be used: CSV path").hasMessageContaining("INGEST_CSV_PATH");
    }

    @Test
    void aSymbolWithoutACsvFileIsUnknownToTheCsvSource() throws IOException {
        Files.writeString(dir.resolve("AAPL.csv"), "Date,Open,High,Low,Close,Volume\n");
        bad(input("csv", "AAPL,IBM", "2024-01-02", "2024-01-02", null, null), Caller.COMMAND_LINE, Field.SYMBOLS)
                .hasMessageContaining("--symbols names IBM, which source csv does not know: there is no CSV file for IBM")
                .hasMessageContaining("IBM.csv");
        assertThat(ok(input("csv", "aapl", "2024-01-02", "2024-01-02", null, null)).symbols()).containsExactly("AAPL");
    }

    @Test
    void aSymbolWithoutRowsInASingleCsvFileIsUnknownToTheCsvSource() throws IOException {
        Path file = dir.resolve("all.csv");
        Files.writeString(file, "Date,Symbol,Open,High,Low,Close,Volume\n2024-01-02,msft,1,1,1,1,1\n");
        assertThatThrownBy(() -> check(file).check(input("csv", "IBM", "2024-01-02", "2024-01-02", null, null),
                Caller.REST, s -> "r"))
                .isInstanceOfSatisfying(BadInput.class, e -> assertThat(e.field()).isEqualTo(Field.SYMBOLS))
                .hasMessageContaining("has no rows for IBM").hasMessageContaining("[MSFT]");
        assertThat(check(file).check(input("csv", "MSFT", "2024-01-02", "2024-01-02", null, null), Caller.REST, s -> "r")
                .symbols()).containsExactly("MSFT");
    }

    @Test
    void aRemoteSourceIsAskedAboutSymbolsOnlyWhenTheRunFetches() {
        assertThat(ok(input("yahoo", "ZZZZ", "2024-01-02", "2024-01-02", null, null)).symbols()).containsExactly("ZZZZ");
    }

    /** Stands in for Yahoo: a source that cannot tell unknown symbols before fetching. */
    static final class RemoteSource implements BarSource {
        @Override
        public String name() {
            return "yahoo";
        }

        @Override
        public SourceBatch fetch(dev.stockpipe.ingest.source.BarQuery query) {
            throw new UnsupportedOperationException("not fetched in this test");
        }
    }
}

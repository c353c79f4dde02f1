package dev.stockpipe.ingest.source.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.ingest.source.BarQuery;
import dev.stockpipe.ingest.source.SourceBatch;
import dev.stockpipe.ingest.source.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvBarSourceTest {

    static final String HEADER = "Date,Open,High,Low,Close,Adj Close,Volume\n";

    @TempDir
    Path dir;

    BarQuery query(String symbol) {
        return new BarQuery(symbol, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), BarInterval.ONE_DAY, "csv-run");
    }

    CsvBarSource source(Path path, CsvBarSource.BadRowPolicy policy) {
        return new CsvBarSource(path, policy, TradingCalendar.newYork());
    }

    @Test
    void readsAYahooExportPerSymbolWithinTheRange() throws IOException {
        Files.writeString(dir.resolve("AAPL.csv"), HEADER
                + "2023-12-29,193.899994,194.399994,191.729996,192.529999,191.802567,42628800\n"
                + "2024-01-03,184.220001,185.880005,183.429993,184.250000,183.553864,58414500\n"
                + "2024-01-02,187.149994,188.440002,183.889999,185.639999,184.938599,82488700\n"
                + "\n");

        SourceBatch batch = source(dir, CsvBarSource.BadRowPolicy.FAIL).fetch(query("AAPL"));

        assertThat(batch.skipped()).isEmpty();
        assertThat(batch.bars()).extracting(HistoricalBar::ts).containsExactly(
                Instant.parse("2024-01-02T14:30:00Z"), Instant.parse("2024-01-03T14:30:00Z"));
        HistoricalBar first = batch.bars().get(0);
        assertThat(first).isEqualTo(new HistoricalBar("AAPL", Instant.parse("2024-01-02T14:30:00Z"), BarInterval.ONE_DAY,
                187.149994, 188.440002, 183.889999, 185.639999, 184.938599, 82488700, HistoricalBar.SOURCE_CSV, "csv-run"));
    }

    @Test
    void readsOneFileWithASymbolColumnAndIntradayOffsets() throws IOException {
        Path file = dir.resolve("all.csv");
        Files.writeString(file, "Datetime,Symbol,Open,High,Low,Close,Volume\n"
                + "2024-01-02 09:30:00-05:00,msft,370.0,371.0,369.5,370.5,1000\n"
                + "2024-01-02 09:30:00-05:00,AAPL,187.0,187.5,186.9,187.2,2000\n");

        SourceBatch batch = source(file, CsvBarSource.BadRowPolicy.FAIL).fetch(query("MSFT"));

        assertThat(batch.bars()).singleElement().satisfies(b -> {
            assertThat(b.symbol()).isEqualTo("MSFT");
            assertThat(b.ts()).isEqualTo(Instant.parse("2024-01-02T14:30:00Z"));
            assertThat(b.adjClose()).isNull();
        });
    }

    @Test
    void everyKindOfBadRowIsReportedWithFileAndLine() throws IOException {
        Path file = dir.resolve("TSLA.csv");
        Files.writeString(file, HEADER
                + "2024-01-02,250,251,249,250.5,250.5,100\n"          // 2 good
                + "2024-01-03,250,251,249\n"                          // 3 too few columns
                + "2024-13-04,250,251,249,250.5,250.5,100\n"          // 4 bad date
                + "2024-01-05,abc,251,249,250.5,250.5,100\n"          // 5 not a number
                + "2024-01-08,null,null,null,null,null,null\n"        // 6 Yahoo's missing row
                + "2024-01-09,250,248,249,250.5,250.5,100\n"          // 7 high < low
                + "2024-01-10,250,251,249,250.5,250.5,-5\n"           // 8 negative volume
                + "2024-01-11,-1,251,249,250.5,250.5,100\n"           // 9 non-positive price
                + "2024-01-02,250,251,249,250.5,250.5,100\n"          // 10 duplicate
                + "2024-01-12,250,251,249,250.5,250.5,10.5\n");       // 11 fractional volume

        CsvBarSource failing = source(dir, CsvBarSource.BadRowPolicy.FAIL);
        assertThatThrownBy(() -> failing.fetch(query("TSLA")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("9 bad row(s) in " + file)
                .hasMessageContaining(file + ":3: expected 7 columns, found 4")
                .hasMessageContaining(file + ":4: unparseable date '2024-13-04'")
                .hasMessageContaining(file + ":5: column 'open' is not a number: 'abc'")
                .hasMessageContaining(file + ":6: missing value in column 'open'")
                .hasMessageContaining(file + ":7: high_below_low")
                .hasMessageContaining(file + ":8: negative_volume")
                .hasMessageContaining(file + ":9: non_positive_price")
                .hasMessageContaining(file + ":10: duplicate row for TSLA")
                .hasMessageContaining(file + ":11: column 'volume' is not a whole number");

        SourceBatch skipping = source(dir, CsvBarSource.BadRowPolicy.SKIP).fetch(query("TSLA"));
        assertThat(skipping.bars()).hasSize(1);
        assertThat(skipping.skipped()).hasSize(9).allMatch(s -> s.startsWith(file + ":"));
    }

    @Test
    void quotedCellsMayHoldCommasQuotesAndLineBreaks() throws IOException {
        Path file = dir.resolve("quoted.csv");
        Files.writeString(file, "\uFEFFDate,Symbol,Open,High,Low,Close,Volume,Note\n"
                + "2024-01-02,\"MSFT\",370.0,371.0,369.5,370.5,\"1000\",\"split, 2:1\"\n"        // line 2
                + "2024-01-03,MSFT,371.0,372.0,370.5,371.5,1100,\"two\nlines, \"\"quoted\"\"\"\n" // lines 3-4
                + "2024-01-04,MSFT,372.0,371.0,371.5,371.5,1200,after\n");                         // line 5: high < low

        CsvBarSource failing = source(file, CsvBarSource.BadRowPolicy.FAIL);
        assertThatThrownBy(() -> failing.fetch(query("MSFT")))
                .hasMessageContaining("1 bad row(s) in " + file)
                .hasMessageContaining(file + ":5: high_below_low");
        SourceBatch batch = source(file, CsvBarSource.BadRowPolicy.SKIP).fetch(query("MSFT"));
        assertThat(batch.bars()).extracting(HistoricalBar::volume).containsExactly(1000L, 1100L);
    }

    @Test
    void anUnterminatedQuoteIsReportedAtItsLineAndTheRowsBeforeItStand() throws IOException {
        Path file = dir.resolve("NVDA.csv");
        Files.writeString(file, HEADER
                + "2024-01-02,250,251,249,250.5,250.5,100\n"
                + "2024-01-03,\"250,251,249,250.5,250.5,100\n");

        SourceBatch batch = source(dir, CsvBarSource.BadRowPolicy.SKIP).fetch(query("NVDA"));
        assertThat(batch.bars()).hasSize(1);
        assertThat(batch.skipped()).singleElement().satisfies(s -> assertThat(s).startsWith(file + ":").contains("not readable as CSV"));
    }

    @Test
    void aMissingFileOrHeaderIsAClearError() throws IOException {
        assertThatThrownBy(() -> source(dir, CsvBarSource.BadRowPolicy.FAIL).fetch(query("META")))
                .hasMessageContaining("No CSV file for META: expected " + dir.resolve("META.csv"));
        Files.writeString(dir.resolve("AMZN.csv"), "Date,Open,Close\n2024-01-02,1,1\n");
        assertThatThrownBy(() -> source(dir, CsvBarSource.BadRowPolicy.SKIP).fetch(query("AMZN")))
                .hasMessageContaining(dir.resolve("AMZN.csv") + ":1: the header lacks High, Low, Volume");
    }
}

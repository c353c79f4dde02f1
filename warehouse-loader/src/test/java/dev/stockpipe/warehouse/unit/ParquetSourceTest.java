package dev.stockpipe.warehouse.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stockpipe.contracts.DailyMetrics;
import dev.stockpipe.contracts.WindowSize;
import dev.stockpipe.warehouse.source.BadRowException;
import dev.stockpipe.warehouse.source.ParquetSource;
import dev.stockpipe.warehouse.source.SourceFile;
import dev.stockpipe.warehouse.support.ParquetFixtures;
import dev.stockpipe.warehouse.support.Rows;
import dev.stockpipe.warehouse.table.Column;
import dev.stockpipe.warehouse.table.ColumnType;
import dev.stockpipe.warehouse.table.TableSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk path ({@code exportCsv}: DuckDB reads, checks and writes CSV) against the row path
 * ({@code read}: values through Java) over the same files: the same values, and the same
 * rejections with the file and row named.
 */
class ParquetSourceTest {

    private static final LocalDate FRI = LocalDate.of(2024, 3, 8);
    private static final Instant LOADED_AT = Instant.parse("2024-03-09T10:11:12.345678Z");

    private static ParquetSource source;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() throws Exception {
        source = new ParquetSource();
    }

    @AfterAll
    static void close() throws Exception {
        source.close();
    }

    @Test
    void bulkExportCarriesExactlyTheValuesTheRowPathReads() throws Exception {
        List<DailyMetrics> first = new ArrayList<>(List.of(Rows.daily("AAPL", FRI, 0.1 + 0.2, 390),
                Rows.daily("MSFT", FRI, 187.12999999999997, 1)));
        first.add(new DailyMetrics("BRK\"B,X", FRI, 1e-20, 5e300, 1e-20, 123456789.123, 7, -0.0, 2));
        List<SourceFile> files = List.of(daily("part-0.parquet", first),
                daily("part-1.parquet", List.of(Rows.daily("NVDA", FRI.plusDays(3), 901.5, 78))));

        List<List<Object>> rows = csvRows(files, TableSpec.DAILY);

        // the export is in key order (symbol, trade_date)
        List<List<Object>> expected = new ArrayList<>(rowPath(files, TableSpec.DAILY));
        expected.sort(Comparator.comparing((List<Object> r) -> (String) r.get(0)).thenComparing(r -> (LocalDate) r.get(1)));
        assertThat(rows).hasSize(4).isEqualTo(expected);
        assertThat(rows.get(1)).startsWith("BRK\"B,X", FRI, 1e-20, 5e300, 1e-20, 123456789.123, 7L, -0.0, 2L);
    }

    @Test
    void bulkExportKeepsThePreferredRowOfEachKeyInKeyOrder() throws Exception {
        DailyMetrics moreBars = Rows.daily("AAPL", FRI, 181.0, 390);
        List<SourceFile> files = List.of(daily("part-0.parquet", List.of(Rows.daily("MSFT", FRI, 401.0, 390),
                        Rows.daily("AAPL", FRI, 182.0, 389))),
                daily("part-1.parquet", List.of(moreBars, Rows.daily("AAPL", FRI.minusDays(1), 180.0, 390))));

        List<List<Object>> rows = csvRows(files, TableSpec.DAILY);

        assertThat(rows).extracting(r -> r.get(0) + " " + r.get(1))
                .containsExactly("AAPL " + FRI.minusDays(1), "AAPL " + FRI, "MSFT " + FRI);
        assertThat(rows.get(1)).containsExactly("AAPL", FRI, moreBars.dailyOpen(), moreBars.dailyHigh(), moreBars.dailyLow(),
                181.0, moreBars.dailyVolume(), moreBars.pctChange(), 390L, LOADED_AT, "run-1");
        assertThat(export(files, TableSpec.DAILY)).isEqualTo(new ParquetSource.Exported(4, 3));
    }

    @Test
    void bulkExportPrefersAKnownVolatilityOverNoneWhenAllElseTies() throws Exception {
        Instant start = Instant.parse("2024-03-08T15:00:00Z");
        Path file = dir.resolve("windows.parquet");
        ParquetFixtures.writeWindows(file, List.of(Rows.window("AAPL", WindowSize.FIFTEEN_MINUTES, start, 180.25, null, 7),
                Rows.window("AAPL", WindowSize.FIFTEEN_MINUTES, start, 180.25, 0.5, 7)));

        List<List<Object>> rows = csvRows(List.of(new SourceFile("processed/realtime/window=15m/x.parquet", file)),
                TableSpec.REALTIME);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(5)).isEqualTo(0.5);
    }

    @Test
    void bulkExportCountsDistinctKeysAcrossFiles() throws Exception {
        List<SourceFile> files = List.of(daily("part-0.parquet", List.of(Rows.daily("AAPL", FRI, 181.0, 390),
                        Rows.daily("MSFT", FRI, 401.0, 390))),
                daily("part-1.parquet", List.of(Rows.daily("AAPL", FRI, 182.0, 389))));

        assertThat(export(files, TableSpec.DAILY)).isEqualTo(new ParquetSource.Exported(3, 2));
    }

    @Test
    void bulkExportWritesTimestampsInUtcAndNullsAsEmptyFields() throws Exception {
        Instant start = Instant.parse("2024-03-10T07:30:00Z"); // the morning US clocks change
        Path file = dir.resolve("windows.parquet");
        ParquetFixtures.writeWindows(file, List.of(Rows.window("AAPL", WindowSize.FIFTEEN_MINUTES, start, 180.25, null, 1),
                Rows.window("AAPL", WindowSize.ONE_HOUR, start, 180.5, 0.125, 40)));
        List<SourceFile> files = List.of(new SourceFile("processed/realtime/window=15m/x.parquet", file));

        List<List<Object>> rows = csvRows(files, TableSpec.REALTIME);

        assertThat(rows).isEqualTo(rowPath(files, TableSpec.REALTIME));
        assertThat(rows.get(0).subList(0, 6)).containsExactly("AAPL", "15m", start, start.plusSeconds(900), 180.25, null);
    }

    @Test
    void rejectsTheFirstBadRowNamingFileRowAndRule() throws Exception {
        SourceFile good = daily("part-0.parquet", List.of(Rows.daily("AAPL", FRI, 181.0, 390)));
        SourceFile nan = rawDaily("part-1.parquet", "'MSFT'", "CAST('nan' AS DOUBLE)");
        SourceFile blank = rawDaily("part-2.parquet", "'  '", "1.0");

        assertThatThrownBy(() -> export(List.of(good, nan, blank), TableSpec.DAILY))
                .isInstanceOf(BadRowException.class)
                .hasMessage("Row 2 of lake/part-1.parquet has a non-finite daily_close; fix the spark output and rerun the load");
        assertThatThrownBy(() -> export(List.of(good, blank), TableSpec.DAILY))
                .hasMessage("Row 2 of lake/part-2.parquet has a blank symbol; fix the spark output and rerun the load");
    }

    @Test
    void rejectsAFileWithoutATableColumnOrThatIsNotParquet() throws Exception {
        Path thin = dir.resolve("thin.parquet");
        duck("COPY (SELECT 'AAPL' AS symbol, DATE '2024-03-08' AS trade_date) TO '" + thin + "' (FORMAT PARQUET)");
        Path junk = Files.writeString(dir.resolve("junk.parquet"), "not parquet");
        SourceFile good = daily("part-0.parquet", List.of(Rows.daily("AAPL", FRI, 181.0, 390)));

        assertThatThrownBy(() -> export(List.of(good, new SourceFile("lake/thin.parquet", thin)), TableSpec.DAILY))
                .isInstanceOf(BadRowException.class)
                .hasMessageStartingWith("lake/thin.parquet lacks the daily metrics column(s) [daily_open, daily_high");
        assertThatThrownBy(() -> export(List.of(good, new SourceFile("lake/junk.parquet", junk)), TableSpec.DAILY))
                .isInstanceOf(BadRowException.class)
                .hasMessageContaining("Could not read lake/junk.parquet");
    }

    private SourceFile daily(String name, List<DailyMetrics> rows) throws Exception {
        Path file = dir.resolve(name);
        ParquetFixtures.writeDaily(file, rows);
        return new SourceFile("lake/" + name, file);
    }

    /** One good row, then one with the given symbol and close expressions. */
    private SourceFile rawDaily(String name, String symbol, String close) throws Exception {
        Path file = dir.resolve(name);
        String row = "SELECT %s AS symbol, DATE '2024-03-08' AS trade_date, 1.0 AS daily_open, 2.0 AS daily_high, "
                + "0.5 AS daily_low, %s AS daily_close, CAST(10 AS BIGINT) AS daily_volume, 0.1 AS pct_change, "
                + "CAST(1 AS BIGINT) AS bar_count";
        duck("COPY (" + String.format(row, "'TSLA'", "1.5") + " UNION ALL " + String.format(row, symbol, close)
                + ") TO '" + file + "' (FORMAT PARQUET)");
        return new SourceFile("lake/" + name, file);
    }

    private static void duck(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private ParquetSource.Exported export(List<SourceFile> files, TableSpec table) throws Exception {
        return source.exportCsv(files, table, LOADED_AT, "run-1", dir.resolve("stage.csv"));
    }

    /** The exported file parsed back into typed values, as the warehouse would read them. */
    private List<List<Object>> csvRows(List<SourceFile> files, TableSpec table) throws Exception {
        long rows = export(files, table).distinctKeys();
        List<List<String>> parsed = parseCsv(Files.readString(dir.resolve("stage.csv"), StandardCharsets.UTF_8));
        assertThat(parsed).hasSize((int) rows);
        List<Column> columns = table.targetColumns();
        List<List<Object>> typed = new ArrayList<>();
        for (List<String> row : parsed) {
            assertThat(row).hasSize(columns.size());
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                values.add(typed(row.get(i), columns.get(i).type()));
            }
            typed.add(values);
        }
        return typed;
    }

    private static Object typed(String text, ColumnType type) {
        if (text == null) {
            return null;
        }
        return switch (type) {
            case TEXT -> text;
            case DATE -> LocalDate.parse(text);
            case DOUBLE -> Double.valueOf(text);
            case BIGINT -> Long.valueOf(text);
            case TIMESTAMP -> LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        };
    }

    /** The row path's values plus the lineage values. */
    private static List<List<Object>> rowPath(List<SourceFile> files, TableSpec table) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (SourceFile f : files) {
            source.read(f, table, row -> {
                List<Object> values = new ArrayList<>(Arrays.asList(row));
                values.add(LOADED_AT);
                values.add("run-1");
                rows.add(values);
            });
        }
        return rows;
    }

    /** RFC 4180 as PostgreSQL reads it: an unquoted empty field is NULL. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (ch == ',' || ch == '\n') {
                row.add(field.isEmpty() && !wasQuoted ? null : field.toString());
                field.setLength(0);
                wasQuoted = false;
                if (ch == '\n') {
                    rows.add(row);
                    row = new ArrayList<>();
                }
            } else {
                field.append(ch);
            }
        }
        return rows;
    }
}

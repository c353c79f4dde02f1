package dev.stockpipe.ingest.source.csv;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.TradingCalendar;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the common export format {@code Date,Open,High,Low,Close,Adj Close,Volume} (Yahoo's
 * download; {@code Datetime} with an offset for intraday exports; an optional {@code Symbol}
 * column), with Jackson's CSV parser for the quoting rules. Each row either becomes a bar or a
 * {@link CsvProblem} naming file and line; the parser never stops at the first bad row, so one run
 * reports every problem.
 *
 * <p>A date without a time is stamped with the session open (09:30 exchange time), matching
 * Yahoo's daily timestamps; a date-time without an offset is read in the exchange zone.
 */
public final class CsvBarParser {

    static final String COL_DATE = "date";
    static final String COL_DATETIME = "datetime";
    static final String COL_SYMBOL = "symbol";
    static final String COL_OPEN = "open";
    static final String COL_HIGH = "high";
    static final String COL_LOW = "low";
    static final String COL_CLOSE = "close";
    static final String COL_ADJ_CLOSE = "adj close";
    static final String COL_VOLUME = "volume";

    private static final LocalTime SESSION_OPEN = LocalTime.of(9, 30);
    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private final TradingCalendar calendar;

    public CsvBarParser(TradingCalendar calendar) {
        this.calendar = calendar;
    }

    /** What one file yielded. */
    public record Parsed(List<HistoricalBar> bars, List<CsvProblem> problems) {
    }

    /** Which rows to keep and how to stamp them. */
    public record Filter(Set<String> symbols, LocalDate from, LocalDate to, BarInterval interval, String runId) {
    }

    /**
     * Parses {@code file}. Rows without a Symbol column belong to {@code fileSymbol}; rows outside
     * the filter's symbols or trading dates are ignored (not problems).
     */
    public Parsed parse(Path file, String fileSymbol, Filter filter) throws IOException {
        List<HistoricalBar> bars = new ArrayList<>();
        List<CsvProblem> problems = new ArrayList<>();
        try (Rows rows = new Rows(file)) {
            Optional<Row> headerRow = rows.next();
            if (headerRow.isEmpty()) {
                problems.add(new CsvProblem(file, 1, "the file is empty; expected a header Date,Open,High,Low,Close,Adj Close,Volume"));
                return new Parsed(bars, problems);
            }
            Map<String, Integer> columns = header(headerRow.get().cells());
            List<String> missing = missingColumns(columns, fileSymbol);
            if (!missing.isEmpty()) {
                problems.add(new CsvProblem(file, 1, "the header lacks " + String.join(", ", missing)
                        + "; expected Date,Open,High,Low,Close,Adj Close,Volume (plus Symbol for a multi-symbol file)"));
                return new Parsed(bars, problems);
            }
            Set<String> seen = new HashSet<>();
            for (Optional<Row> next = rows.next(); next.isPresent(); next = rows.next()) {
                Row r = next.get();
                if (r.isBlank()) {
                    continue;
                }
                try {
                    HistoricalBar bar = row(r.cells(), columns, fileSymbol, filter);
                    if (bar == null) {
                        continue;
                    }
                    if (!seen.add(bar.symbol() + "@" + bar.ts())) {
                        throw new RowException("duplicate row for " + bar.symbol() + " at " + bar.ts());
                    }
                    bars.add(bar);
                } catch (RowException e) {
                    problems.add(new CsvProblem(file, r.line(), e.getMessage()));
                }
            }
        } catch (UnreadableCsv e) {
            problems.add(new CsvProblem(file, e.line, "not readable as CSV from here on: " + e.getMessage()));
        }
        return new Parsed(bars, problems);
    }

    /**
     * The upper-cased values of the file's Symbol column, or empty when it has none (then the
     * file belongs to one symbol and {@link #parse} reports a missing header itself).
     */
    public Optional<Set<String>> symbols(Path file) throws IOException {
        try (Rows rows = new Rows(file)) {
            Optional<Row> headerRow = rows.next();
            if (headerRow.isEmpty()) {
                return Optional.empty();
            }
            Integer column = header(headerRow.get().cells()).get(COL_SYMBOL);
            if (column == null) {
                return Optional.empty();
            }
            Set<String> symbols = new HashSet<>();
            for (Optional<Row> next = rows.next(); next.isPresent(); next = rows.next()) {
                List<String> cells = next.get().cells();
                if (cells.size() > column) {
                    symbols.add(cells.get(column).trim().toUpperCase(Locale.ROOT));
                }
            }
            return Optional.of(symbols);
        } catch (UnreadableCsv e) {
            // parse() reports it with its line; the symbols read so far do not matter then
            return Optional.empty();
        }
    }

    private HistoricalBar row(List<String> cells, Map<String, Integer> columns, String fileSymbol, Filter filter) {
        if (cells.size() != columns.size()) {
            throw new RowException("expected " + columns.size() + " columns, found " + cells.size());
        }
        String symbol = columns.containsKey(COL_SYMBOL) ? cell(cells, columns, COL_SYMBOL).toUpperCase(Locale.ROOT) : fileSymbol;
        if (!RecordValidator.isValidSymbol(symbol)) {
            throw new RowException("invalid symbol '" + symbol + "'");
        }
        if (!filter.symbols().contains(symbol)) {
            return null;
        }
        Instant ts = timestamp(columns.containsKey(COL_DATETIME) ? cell(cells, columns, COL_DATETIME) : cell(cells, columns, COL_DATE));
        LocalDate tradingDate = calendar.tradingDate(ts);
        if (tradingDate.isBefore(filter.from()) || tradingDate.isAfter(filter.to())) {
            return null;
        }
        double open = number(cells, columns, COL_OPEN);
        double high = number(cells, columns, COL_HIGH);
        double low = number(cells, columns, COL_LOW);
        double close = number(cells, columns, COL_CLOSE);
        Double adjClose = columns.containsKey(COL_ADJ_CLOSE) ? number(cells, columns, COL_ADJ_CLOSE) : null;
        long volume = volume(cells, columns);
        HistoricalBar bar = new HistoricalBar(symbol, ts, filter.interval(), open, high, low, close, adjClose, volume,
                HistoricalBar.SOURCE_CSV, filter.runId());
        List<String> reasons = RecordValidator.validate(bar, Instant.now());
        if (!reasons.isEmpty()) {
            throw new RowException(String.join("; ", reasons));
        }
        return bar;
    }

    private Instant timestamp(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atTime(SESSION_OPEN).atZone(calendar.exchangeZone()).toInstant();
            }
            var parsed = LOCAL_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime odt) {
                return odt.toInstant();
            }
            return ((LocalDateTime) parsed).atZone(calendar.exchangeZone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new RowException("unparseable date '" + text + "' (expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS[+HH:MM])");
        }
    }

    private static double number(List<String> cells, Map<String, Integer> columns, String column) {
        String text = cell(cells, columns, column);
        if (text.isEmpty() || text.equalsIgnoreCase("null")) {
            throw new RowException("missing value in column '" + column + "'");
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new RowException("column '" + column + "' is not a number: '" + text + "'");
        }
    }

    private static long volume(List<String> cells, Map<String, Integer> columns) {
        double v = number(cells, columns, COL_VOLUME);
        if (v != Math.rint(v) || Double.isInfinite(v)) {
            throw new RowException("column 'volume' is not a whole number: '" + cell(cells, columns, COL_VOLUME) + "'");
        }
        return (long) v;
    }

    private static String cell(List<String> cells, Map<String, Integer> columns, String column) {
        return cells.get(columns.get(column)).trim();
    }

    private static Map<String, Integer> header(List<String> names) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = i == 0 ? stripBom(names.get(i)) : names.get(i);
            columns.put(name.trim().toLowerCase(Locale.ROOT).replace('_', ' '), i);
        }
        return columns;
    }

    private static List<String> missingColumns(Map<String, Integer> columns, String fileSymbol) {
        List<String> missing = new ArrayList<>();
        if (!columns.containsKey(COL_DATE) && !columns.containsKey(COL_DATETIME)) {
            missing.add("Date");
        }
        for (String c : List.of(COL_OPEN, COL_HIGH, COL_LOW, COL_CLOSE, COL_VOLUME)) {
            if (!columns.containsKey(c)) {
                missing.add(Character.toUpperCase(c.charAt(0)) + c.substring(1));
            }
        }
        if (fileSymbol == null && !columns.containsKey(COL_SYMBOL)) {
            missing.add("Symbol");
        }
        return missing;
    }

    /** One CSV record: its cells and the line it starts on (a quoted cell may span lines). */
    record Row(List<String> cells, int line) {

        boolean isBlank() {
            return cells.stream().allMatch(String::isBlank);
        }
    }

    /**
     * The records of a file through Jackson's CSV parser: RFC 4180 quoting (commas, doubled quotes and
     * line breaks inside quotes), every record as its list of cells, no schema.
     */
    static final class Rows implements AutoCloseable {

        private static final CsvMapper MAPPER = new CsvMapper();

        private final JsonParser parser;

        Rows(Path file) throws IOException {
            this.parser = MAPPER.getFactory().createParser(Files.newBufferedReader(file, StandardCharsets.UTF_8));
        }

        /** The next record, or empty at the end of the file. */
        Optional<Row> next() throws IOException {
            try {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return Optional.empty();
                }
                int line = -1;
                List<String> cells = new ArrayList<>();
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                    if (line < 0) {
                        line = parser.currentTokenLocation().getLineNr();
                    }
                    cells.add(parser.getText());
                }
                return Optional.of(new Row(cells, line));
            } catch (JsonProcessingException e) {
                throw new UnreadableCsv(e.getOriginalMessage(), e.getLocation() == null ? 0 : e.getLocation().getLineNr());
            }
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /** The file stops being CSV at {@code line} (say an unterminated quote); the rows before it stand. */
    private static final class UnreadableCsv extends RuntimeException {
        private final int line;

        UnreadableCsv(String message, int line) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** One bad row; caught per row and turned into a {@link CsvProblem}. */
    private static final class RowException extends RuntimeException {
        RowException(String message) {
            super(message, null, false, false);
        }
    }
}

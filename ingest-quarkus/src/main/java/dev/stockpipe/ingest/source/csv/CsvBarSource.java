package dev.stockpipe.ingest.source.csv;

import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.ingest.source.BarQuery;
import dev.stockpipe.ingest.source.BarSource;
import dev.stockpipe.ingest.source.SourceBatch;
import dev.stockpipe.ingest.source.SourceException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bars from CSV files: {@code path} is either a directory holding {@code <SYMBOL>.csv} per symbol
 * or one file with a {@code Symbol} column. Bad rows fail the query with every problem listed
 * ({@link BadRowPolicy#FAIL}) or are left out and reported ({@link BadRowPolicy#SKIP}).
 */
public final class CsvBarSource implements BarSource {

    /** What a bad row does to the run. */
    public enum BadRowPolicy {
        FAIL, SKIP;

        public static BadRowPolicy parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "fail" -> FAIL;
                case "skip" -> SKIP;
                default -> throw new IllegalArgumentException("ingest.csv.on-bad-row must be 'fail' or 'skip', got '" + text + "'");
            };
        }
    }

    /** Problems listed in one error message before it is cut short. */
    static final int MAX_LISTED = 20;

    private final Path path;
    private final BadRowPolicy policy;
    private final CsvBarParser parser;

    public CsvBarSource(Path path, BadRowPolicy policy, TradingCalendar calendar) {
        this.path = path;
        this.policy = policy;
        this.parser = new CsvBarParser(calendar);
    }

    @Override
    public String name() {
        return HistoricalBar.SOURCE_CSV;
    }

    @Override
    public Optional<String> unavailable() {
        if (Files.isDirectory(path) || Files.isRegularFile(path)) {
            return Optional.empty();
        }
        return Optional.of(missingPath());
    }

    /** A folder without {@code <SYMBOL>.csv}, or a single file whose Symbol column never names it. */
    @Override
    public Optional<String> unknownSymbol(String symbol) {
        if (Files.isDirectory(path)) {
            Path file = path.resolve(symbol + ".csv");
            return Files.isRegularFile(file) ? Optional.empty() : Optional.of("there is no CSV file for " + symbol + ": expected "
                    + file + " (files are named <SYMBOL>.csv in the folder ingest.csv.path / INGEST_CSV_PATH)");
        }
        if (Files.isRegularFile(path)) {
            try {
                Optional<Set<String>> symbols = parser.symbols(path);
                if (symbols.isPresent() && !symbols.get().contains(symbol)) {
                    return Optional.of("the CSV file " + path + " has no rows for " + symbol + " (its Symbol column names "
                            + symbols.get().stream().sorted().limit(10).toList() + (symbols.get().size() > 10 ? " …" : "") + ")");
                }
            } catch (IOException e) {
                return Optional.of("could not read the CSV file " + path + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private String missingPath() {
        return "CSV path " + path + " does not exist: set ingest.csv.path / INGEST_CSV_PATH "
                + "to a folder of <SYMBOL>.csv files or to one file with a Symbol column";
    }

    @Override
    public SourceBatch fetch(BarQuery q) {
        Path file;
        String fileSymbol;
        if (Files.isDirectory(path)) {
            file = path.resolve(q.symbol() + ".csv");
            fileSymbol = q.symbol();
            if (!Files.isRegularFile(file)) {
                throw new SourceException("No CSV file for " + q.symbol() + ": expected " + file
                        + " (set ingest.csv.path / INGEST_CSV_PATH to the folder holding <SYMBOL>.csv files)");
            }
        } else if (Files.isRegularFile(path)) {
            file = path;
            fileSymbol = null;
        } else {
            throw new SourceException(missingPath());
        }
        CsvBarParser.Parsed parsed;
        try {
            parsed = parser.parse(file, fileSymbol,
                    new CsvBarParser.Filter(Set.of(q.symbol()), q.from(), q.to(), q.interval(), q.runId()));
        } catch (IOException e) {
            throw new SourceException("Could not read CSV file " + file + ": " + e.getMessage(), e);
        }
        List<CsvProblem> problems = parsed.problems();
        boolean unreadable = problems.stream().anyMatch(p -> p.line() == 1); // no usable header: nothing to skip to
        if (!problems.isEmpty() && (policy == BadRowPolicy.FAIL || unreadable)) {
            StringBuilder msg = new StringBuilder(problems.size() + " bad row(s) in " + file
                    + " (fix them, or set ingest.csv.on-bad-row=skip to leave them out): ");
            problems.stream().limit(MAX_LISTED).forEach(p -> msg.append("\n  ").append(p));
            if (problems.size() > MAX_LISTED) {
                msg.append("\n  … and ").append(problems.size() - MAX_LISTED).append(" more");
            }
            throw new SourceException(msg.toString());
        }
        problems.forEach(p -> Log.warnf("Skipped bad CSV row %s", p));
        List<HistoricalBar> bars = parsed.bars().stream().sorted(Comparator.comparing(HistoricalBar::ts)).toList();
        return new SourceBatch(bars, problems.stream().map(CsvProblem::toString).toList());
    }
}

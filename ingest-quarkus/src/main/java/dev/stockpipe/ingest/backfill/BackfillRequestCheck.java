package dev.stockpipe.ingest.backfill;

import dev.stockpipe.contracts.BarInterval;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.RunIds;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.ingest.backfill.BadInput.Caller;
import dev.stockpipe.ingest.backfill.BadInput.Field;
import dev.stockpipe.ingest.source.BarSource;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a {@link BackfillInput} into a {@link BackfillRequest}, or refuses it with a
 * {@link BadInput} naming the field — one rule set for REST and the command line, applied before
 * anything is fetched or sent. Symbols are trimmed and upper-cased ({@code aapl} is {@code AAPL}:
 * the contracts' tickers are upper case); everything else that is wrong is refused, including a
 * range that ends after today's trading date and symbols the source can tell it has no data for.
 */
public final class BackfillRequestCheck {

    /** What the check needs to know about the service: sources by name and the configured defaults. */
    public record Defaults(String source, List<String> symbols, String interval) {
    }

    private final Function<String, Optional<BarSource>> sources;
    private final Defaults defaults;
    private final Clock clock;

    public BackfillRequestCheck(Function<String, Optional<BarSource>> sources, Defaults defaults, Clock clock) {
        this.sources = sources;
        this.defaults = defaults;
        this.clock = clock;
    }

    /**
     * The checked request; {@code generatedRunId} makes the run id from the source name when none
     * was given. Cheap syntax checks come first, then what the source can tell without fetching.
     */
    public BackfillRequest check(BackfillInput in, Caller caller, Function<String, String> generatedRunId) {
        String sourceName = in.source() == null ? defaults.source() : in.source().trim().toLowerCase(Locale.ROOT);
        BarSource source = sources.apply(sourceName).orElseThrow(() -> bad(Field.SOURCE, caller,
                "must be one of " + String.join(", ", HistoricalBar.SOURCES) + "; got '" + in.source() + "'"));
        List<String> symbols = symbols(in.symbols(), caller);
        LocalDate from = date(Field.FROM, in.from(), caller);
        LocalDate to = date(Field.TO, in.to(), caller);
        if (to.isBefore(from)) {
            throw bad(Field.TO, caller, to + " is before " + caller.name(Field.FROM) + " " + from
                    + "; the range is inclusive and runs forwards");
        }
        LocalDate today = LocalDate.now(clock.withZone(TradingCalendar.DEFAULT_EXCHANGE_ZONE));
        if (to.isAfter(today)) {
            throw bad(Field.TO, caller, to + " is in the future; the newest trading date with bars is today, " + today
                    + " (" + TradingCalendar.DEFAULT_EXCHANGE_ZONE + ")");
        }
        String intervalCode = in.interval() == null ? defaults.interval() : in.interval().trim();
        BarInterval interval = BarInterval.fromCode(intervalCode).orElseThrow(() -> bad(Field.INTERVAL, caller,
                "must be one of " + String.join(", ", BarInterval.codes()) + "; got '" + in.interval() + "'"));
        String runId = in.runId() == null ? generatedRunId.apply(sourceName) : in.runId();
        if (!RunIds.isValid(runId)) {
            throw bad(Field.RUN_ID, caller, "'" + runId + "' is not a run id: use 1-128 characters from A-Z a-z 0-9 . _ -");
        }
        source.unavailable().ifPresent(why -> {
            throw bad(Field.SOURCE, caller, "'" + sourceName + "' cannot be used: " + why);
        });
        for (String symbol : symbols) {
            source.unknownSymbol(symbol).ifPresent(why -> {
                throw bad(Field.SYMBOLS, caller, "names " + symbol + ", which source " + sourceName + " does not know: " + why);
            });
        }
        return new BackfillRequest(sourceName, symbols, from, to, interval, runId);
    }

    /** Splits a command-line list {@code "AAPL, msft"} into its entries. */
    public static List<String> splitList(String text) {
        return Arrays.stream(text.split(",", -1)).map(String::trim).toList();
    }

    private List<String> symbols(List<String> given, Caller caller) {
        if (given == null) {
            return defaults.symbols();
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (String raw : given) {
            if (raw == null || raw.isBlank()) {
                throw bad(Field.SYMBOLS, caller, "has an empty entry; list tickers like AAPL,MSFT");
            }
            String symbol = raw.trim().toUpperCase(Locale.ROOT);
            if (!RecordValidator.isValidSymbol(symbol)) {
                throw bad(Field.SYMBOLS, caller, "'" + raw.trim() + "' is not a ticker: 1-20 characters of A-Z 0-9 . - = ^ "
                        + "starting with a letter, digit or ^ (e.g. AAPL, BRK.B, ^GSPC)");
            }
            symbols.add(symbol);
        }
        if (symbols.isEmpty()) {
            throw bad(Field.SYMBOLS, caller, "needs at least one symbol, e.g. AAPL,MSFT");
        }
        return new ArrayList<>(symbols);
    }

    private static LocalDate date(Field field, String text, Caller caller) {
        if (text == null) {
            throw bad(field, caller, "is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw bad(field, caller, "must be a date YYYY-MM-DD, got '" + text + "'");
        }
    }

    private static BadInput bad(Field field, Caller caller, String problem) {
        return new BadInput(field, caller.name(field) + " " + problem);
    }
}

package dev.stockpipe.contracts.job;

import dev.stockpipe.contracts.RunIds;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line arguments of a batch step, in the one shape every step shares (DESIGN.md "Job
 * contract"): {@code --date D} or {@code --from D --to D}, {@code --run-id ID},
 * {@code --xcom-file PATH}, plus each job's own {@code --name value} options and flags.
 * Parsing errors are {@link UsageException}s with a sentence a user can act on.
 */
public final class JobArgs {

    public static final String DATE = "date";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String RUN_ID = "run-id";
    public static final String XCOM_FILE = "xcom-file";

    private final Map<String, String> options;
    private final Set<String> flags;
    private final List<String> positional;

    private JobArgs(Map<String, String> options, Set<String> flags, List<String> positional) {
        this.options = options;
        this.flags = flags;
        this.positional = positional;
    }

    /**
     * Parses {@code --name value}, {@code --name=value} and the given boolean flags; anything
     * not starting with {@code --} is positional (a sub-command such as {@code historical}).
     */
    public static JobArgs parse(String[] args, Set<String> knownFlags, Set<String> knownOptions) {
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new java.util.LinkedHashSet<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (knownFlags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " is a flag and takes no value");
                }
                flags.add(name);
                continue;
            }
            if (!knownOptions.contains(name) && !isCommon(name)) {
                throw new UsageException("Unknown option --" + name + "; known options: " + describe(knownOptions, knownFlags));
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (options.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        return new JobArgs(options, flags, positional);
    }

    private static boolean isCommon(String name) {
        return name.equals(DATE) || name.equals(FROM) || name.equals(TO) || name.equals(RUN_ID) || name.equals(XCOM_FILE);
    }

    private static String describe(Set<String> options, Set<String> flags) {
        List<String> all = new ArrayList<>(List.of("--date", "--from", "--to", "--run-id", "--xcom-file"));
        options.forEach(o -> all.add("--" + o));
        flags.forEach(f -> all.add("--" + f));
        return String.join(" ", all);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public String require(String name) {
        return option(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }

    public int intOption(String name, int defaultValue) {
        return option(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    public double doubleOption(String name, double defaultValue) {
        return option(name).map(v -> {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a number, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    /** {@code --date D} or {@code --from D --to D}; exactly one of the two forms is required. */
    public DateRange dateRange() {
        Optional<String> date = option(DATE);
        Optional<String> from = option(FROM);
        Optional<String> to = option(TO);
        if (date.isPresent()) {
            if (from.isPresent() || to.isPresent()) {
                throw new UsageException("Give either --date or --from/--to, not both");
            }
            LocalDate d = parseDate(DATE, date.get());
            return new DateRange(d, d);
        }
        if (from.isEmpty() || to.isEmpty()) {
            throw new UsageException("A date is required: --date YYYY-MM-DD, or --from YYYY-MM-DD --to YYYY-MM-DD");
        }
        LocalDate f = parseDate(FROM, from.get());
        LocalDate t = parseDate(TO, to.get());
        if (t.isBefore(f)) {
            throw new UsageException("--to " + t + " is before --from " + f);
        }
        return new DateRange(f, t);
    }

    /** {@code --run-id}, validated by {@link RunIds}; required. */
    public String runId() {
        String id = require(RUN_ID);
        if (!RunIds.isValid(id)) {
            throw new UsageException("Invalid --run-id '" + id + "': use 1-128 characters from A-Z a-z 0-9 . _ -");
        }
        return id;
    }

    /** {@code --run-id} when given, else the supplied default (validated either way). */
    public String runIdOr(String defaultId) {
        return option(RUN_ID).isPresent() ? runId() : RunIds.require(defaultId);
    }

    public Optional<Path> xcomFile() {
        return option(XCOM_FILE).map(Path::of);
    }

    private static LocalDate parseDate(String option, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + option + " must be a date YYYY-MM-DD, got '" + text + "'");
        }
    }

    /** An inclusive range of dates. */
    public record DateRange(LocalDate from, LocalDate to) {

        public List<LocalDate> days() {
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(d);
            }
            return days;
        }

        public boolean singleDay() {
            return from.equals(to);
        }
    }

    /** A mistake in the command line: exit code 2 and a one-sentence message. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}

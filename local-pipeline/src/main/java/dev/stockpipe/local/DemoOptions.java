package dev.stockpipe.local;

import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.RecordValidator;
import dev.stockpipe.contracts.job.JobArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a local run does: the source and symbols of the backfill, how many trading days, how long
 * the tick simulator runs, and where its data lives.
 */
record DemoOptions(String source, List<String> symbols, int days, Duration tickDuration, int tickRate,
        double timeScale, boolean keepRunning, Path dataDir, Path home, int dashboardPort) {

    static final List<String> DEFAULT_SYMBOLS = List.of("AAPL", "MSFT", "GOOGL", "AMZN", "META", "TSLA", "NVDA");
    static final Set<String> OPTIONS = Set.of("source", "symbols", "days", "tick-seconds", "tick-rate", "time-scale", "data-dir", "home",
            "dashboard-port");
    /** The dashboard's port unless {@code --dashboard-port} says otherwise; 0 = any free port. */
    static final int DEFAULT_DASHBOARD_PORT = 8088;
    static final Set<String> FLAGS = Set.of("keep-running");

    DemoOptions {
        if (!HistoricalBar.SOURCES.contains(source) || source.equals(HistoricalBar.SOURCE_CSV)) {
            throw new JobArgs.UsageException("--source must be synthetic or yahoo, got '" + source + "'");
        }
        for (String s : symbols) {
            if (!RecordValidator.isValidSymbol(s)) {
                throw new JobArgs.UsageException("--symbols: '" + s + "' is not a ticker (upper case, e.g. AAPL,BRK.B)");
            }
        }
        if (days < 1 || days > 2000) {
            throw new JobArgs.UsageException("--days must be between 1 and 2000, got " + days);
        }
        if (tickRate < 1 || tickRate > 100_000) {
            throw new JobArgs.UsageException("--tick-rate must be between 1 and 100000 ticks/s, got " + tickRate);
        }
        if (tickDuration.isNegative() || tickDuration.isZero()) {
            throw new JobArgs.UsageException("--tick-seconds must be positive");
        }
        if (timeScale < 1) {
            throw new JobArgs.UsageException("--time-scale must be >= 1");
        }
        if (dashboardPort < 0 || dashboardPort > 65535) {
            throw new JobArgs.UsageException("--dashboard-port must be a TCP port (0 = any free one), got " + dashboardPort);
        }
    }

    static DemoOptions parse(JobArgs args, Path defaultHome) {
        Path home = args.option("home").map(Path::of).orElse(defaultHome).toAbsolutePath().normalize();
        return new DemoOptions(
                args.option("source").orElse(HistoricalBar.SOURCE_SYNTHETIC),
                args.option("symbols").map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
                        .orElse(DEFAULT_SYMBOLS),
                args.intOption("days", 30),
                Duration.ofSeconds(args.intOption("tick-seconds", 30)),
                args.intOption("tick-rate", 200),
                args.doubleOption("time-scale", 240),
                args.flag("keep-running"),
                args.option("data-dir").map(Path::of).orElse(home.resolve("data/demo")).toAbsolutePath().normalize(),
                home,
                args.intOption("dashboard-port", DEFAULT_DASHBOARD_PORT));
    }

    Path warehouseFile() {
        return dataDir.resolve("warehouse/stockpipe.duckdb");
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }
}

package dev.stockpipe.dashboard;

import dev.stockpipe.contracts.Topics;
import dev.stockpipe.dashboard.config.DashboardConfig;
import dev.stockpipe.dashboard.state.Staleness;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.windows.WindowBoard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The in-memory state shared by the consumers, the pollers and the web endpoints. It is all ephemeral:
 * a restart begins at the newest tick and re-reads the compacted window topic, so nothing is persisted.
 */
@Singleton
public class DashboardBeans {

    /** Unreadable-record counters log at most one line per this interval. */
    static final long UNREADABLE_LOG_EVERY_MILLIS = 10_000;

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SymbolRegistry symbols(DashboardConfig config) {
        return new SymbolRegistry(config.symbols(), config.maxSymbols(), config.chartMinutes() * 60);
    }

    /** Created at start (not on first use), so "stale since the start" means the start of the service. */
    @Produces
    @Singleton
    @io.quarkus.runtime.Startup
    Staleness staleness(DashboardConfig config, Clock clock) {
        return new Staleness(config.staleAfter(), clock.millis());
    }

    @Produces
    @Singleton
    WindowBoard windows() {
        return new WindowBoard();
    }

    @Produces
    @Singleton
    @Named(Topics.REALTIME)
    dev.stockpipe.dashboard.state.UnreadableRecords unreadableTicks() {
        return new dev.stockpipe.dashboard.state.UnreadableRecords(Topics.REALTIME, UNREADABLE_LOG_EVERY_MILLIS);
    }

    @Produces
    @Singleton
    @Named(Topics.METRICS_WINDOWS)
    dev.stockpipe.dashboard.state.UnreadableRecords unreadableWindows() {
        return new dev.stockpipe.dashboard.state.UnreadableRecords(Topics.METRICS_WINDOWS, UNREADABLE_LOG_EVERY_MILLIS);
    }
}

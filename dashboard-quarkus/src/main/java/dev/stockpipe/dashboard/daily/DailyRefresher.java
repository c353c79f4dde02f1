package dev.stockpipe.dashboard.daily;

import dev.stockpipe.contracts.Timestamps;
import dev.stockpipe.dashboard.config.DashboardConfig;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.view.DailyRow;
import dev.stockpipe.dashboard.view.DailyView;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * Re-reads the daily metrics every 60 s (the daily job runs once a day; a minute is fresh enough and
 * cheap). A failure becomes "daily metrics unavailable: &lt;reason&gt;" on the page and one log line
 * when the reason changes; the previous rows are not shown as if they were current.
 */
@ApplicationScoped
public class DailyRefresher {

    private final DashboardConfig.Daily config;
    private final DailyBoard board = new DailyBoard();
    private final Clock clock;
    private DailyLakeReader reader;
    private String lastReason;

    private final SymbolRegistry registry;

    public DailyRefresher(DashboardConfig config, Clock clock, SymbolRegistry registry) {
        this.config = config.daily();
        this.clock = clock;
        this.registry = registry;
        if (!this.config.enabled()) {
            board.replace(new DailyView("unavailable", "disabled (dashboard.daily.enabled=false)", null, List.of()));
        }
    }

    @Produces
    @Singleton
    DailyBoard board() {
        return board;
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    /** Synchronized: the scheduler and a test (or an operator's trigger) may call it at the same time. */
    public synchronized void refresh() {
        if (!config.enabled()) {
            return;
        }
        try {
            if (reader == null) {
                reader = new DailyLakeReader(config);
            }
            // only symbols the registry takes (configured, seen, or new within dashboard.max-symbols): one
            // daily row per known symbol at most, which PushBound counts on
            List<DailyRow> rows = reader.readNewest().stream().filter(r -> registry.seen(r.symbol()) != null).toList();
            board.replace(new DailyView("ok", null, Timestamps.format(clock.instant()), rows));
            lastReason = null;
        } catch (Exception | LinkageError e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!reason.equals(lastReason)) {
                Log.warnf("Daily metrics unavailable: %s", reason);
            }
            lastReason = reason;
            board.replace(new DailyView("unavailable", cut(reason), Timestamps.format(clock.instant()), List.of()));
            closeReader(); // a changed setting or a recovered lake gets a fresh client next time
        }
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }

    @PreDestroy
    synchronized void closeReader() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}

package dev.stockpipe.dashboard.push;

import dev.stockpipe.contracts.Timestamps;
import dev.stockpipe.contracts.Topics;
import dev.stockpipe.dashboard.config.DashboardConfig;
import dev.stockpipe.dashboard.daily.DailyBoard;
import dev.stockpipe.dashboard.health.LagMonitor;
import dev.stockpipe.dashboard.health.LagReport;
import dev.stockpipe.dashboard.health.ServicePoller;
import dev.stockpipe.dashboard.state.Staleness;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.state.SymbolState;
import dev.stockpipe.dashboard.state.UnreadableRecords;
import dev.stockpipe.dashboard.view.HealthView;
import dev.stockpipe.dashboard.windows.WindowBoard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/** Wires the message builder and the stream to the live state and the health sources. */
@Singleton
public class PushBeans {

    @Produces
    @Singleton
    StateAssembler assembler(SymbolRegistry registry, Staleness staleness, WindowBoard windows, DailyBoard daily,
            LagMonitor lag, ServicePoller services, @Named(Topics.REALTIME) UnreadableRecords badTicks,
            @Named(Topics.METRICS_WINDOWS) UnreadableRecords badWindows, Clock clock, DashboardConfig config) {
        Supplier<HealthView> health = () -> {
            LagReport report = lag.report();
            String kafka = report.kafkaUp() == null ? "unknown" : report.kafkaUp() ? "UP" : "DOWN";
            Instant lastWindow = windows.lastWindowEnd();
            double ticksPerSecond = registry.all().stream().mapToDouble(SymbolState::ticksPerSecond).sum();
            return new HealthView(ticksPerSecond, kafka, report.kafkaReason(), report.lakeWriterLag(), report.lakeWriterNote(),
                    report.dashboardLag(), lastWindow == null ? null : Timestamps.format(lastWindow), badTicks.total(),
                    badWindows.total(), services.statuses());
        };
        return new StateAssembler(registry, staleness, windows, daily, health, clock, config.pushInterval());
    }

    @Produces
    @Singleton
    DashboardStream stream(StateAssembler assembler, DashboardConfig config) {
        return new DashboardStream(assembler, config.pushInterval());
    }
}

package dev.stockpipe.dashboard.push;

import dev.stockpipe.contracts.Timestamps;
import dev.stockpipe.dashboard.daily.DailyBoard;
import dev.stockpipe.dashboard.state.Staleness;
import dev.stockpipe.dashboard.state.SymbolRegistry;
import dev.stockpipe.dashboard.state.SymbolState;
import dev.stockpipe.dashboard.view.DailyView;
import dev.stockpipe.dashboard.view.DashboardMessage;
import dev.stockpipe.dashboard.view.HealthView;
import dev.stockpipe.dashboard.view.SymbolView;
import dev.stockpipe.dashboard.view.WindowRow;
import dev.stockpipe.dashboard.windows.WindowBoard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the messages of {@code /api/state} and {@code /api/stream} from the live state: the full state,
 * and the conflated delta since what a {@link Cursor} says was sent. A delta holds each changed symbol
 * once with its latest value, whatever number of ticks moved it, and at most
 * {@link #maxSamplesPerDelta} new chart samples per symbol: that is what bounds its size (PushBound).
 */
public final class StateAssembler {

    private final SymbolRegistry registry;
    private final Staleness staleness;
    private final WindowBoard windows;
    private final DailyBoard daily;
    private final Supplier<HealthView> health;
    private final Clock clock;
    private final int maxSamplesPerDelta;

    public StateAssembler(SymbolRegistry registry, Staleness staleness, WindowBoard windows, DailyBoard daily,
            Supplier<HealthView> health, Clock clock, Duration pushInterval) {
        this.registry = registry;
        this.staleness = staleness;
        this.windows = windows;
        this.daily = daily;
        this.health = health;
        this.clock = clock;
        this.maxSamplesPerDelta = maxSamplesPerDelta(pushInterval);
    }

    /**
     * Samples are per second and only completed seconds are sent, so one push interval completes at most
     * ceil(interval / 1 s) seconds, plus one when a push comes late (timer jitter).
     */
    public static int maxSamplesPerDelta(Duration pushInterval) {
        return (int) Math.ceil(pushInterval.toMillis() / 1000.0) + 1;
    }

    /** Everything, for a new viewer; {@code cursor} then knows it was all sent. */
    DashboardMessage full(Cursor cursor) {
        long now = clock.millis();
        long currentSecond = Math.floorDiv(now, 1000);
        List<SymbolView> symbols = new ArrayList<>();
        for (SymbolState state : registry.all()) {
            long version = state.version();
            symbols.add(state.view(Long.MIN_VALUE, currentSecond, Integer.MAX_VALUE));
            cursor.symbolVersions.put(state.symbol(), version);
            cursor.sampleSeconds.put(state.symbol(), currentSecond - 1);
        }
        cursor.windowsVersion = windows.version();
        List<WindowRow> rows = windows.changedAfter(0);
        cursor.dailyVersion = daily.version();
        DailyView dailyView = daily.view();
        return new DashboardMessage(DashboardMessage.FULL, Timestamps.format(Instant.ofEpochMilli(now)), staleSince(now),
                symbols, rows, dailyView, health.get());
    }

    /** The full state for a one-off reader (/api/state). */
    public DashboardMessage full() {
        return full(new Cursor());
    }

    /** What changed since {@code cursor}'s last message, conflated; advances the cursor. */
    DashboardMessage delta(Cursor cursor) {
        long now = clock.millis();
        long currentSecond = Math.floorDiv(now, 1000);
        List<SymbolView> symbols = new ArrayList<>();
        for (SymbolState state : registry.all()) {
            long version = state.version();
            Long sentVersion = cursor.symbolVersions.get(state.symbol());
            long sentSecond = cursor.sampleSeconds.getOrDefault(state.symbol(), currentSecond - 1);
            SymbolView view = state.view(sentSecond, currentSecond, maxSamplesPerDelta);
            if (sentVersion == null || sentVersion != version || !view.samples().isEmpty()) {
                symbols.add(view);
            }
            cursor.symbolVersions.put(state.symbol(), version);
            cursor.sampleSeconds.put(state.symbol(), Math.max(sentSecond, currentSecond - 1));
        }
        long windowsVersion = windows.version();
        List<WindowRow> rows = windowsVersion == cursor.windowsVersion ? List.of() : windows.changedAfter(cursor.windowsVersion);
        cursor.windowsVersion = windowsVersion;
        long dailyVersion = daily.version();
        DailyView dailyView = dailyVersion == cursor.dailyVersion ? null : daily.view();
        cursor.dailyVersion = dailyVersion;
        return new DashboardMessage(DashboardMessage.DELTA, Timestamps.format(Instant.ofEpochMilli(now)), staleSince(now),
                symbols, rows, dailyView, health.get());
    }

    private String staleSince(long now) {
        long since = staleness.staleSince(now);
        return since < 0 ? null : Timestamps.format(Instant.ofEpochMilli(since));
    }

    public SymbolRegistry registry() {
        return registry;
    }

    public WindowBoard windows() {
        return windows;
    }

    public DailyBoard daily() {
        return daily;
    }

    public Clock clock() {
        return clock;
    }
}

package dev.stockpipe.dashboard.push;

import dev.stockpipe.dashboard.view.DashboardMessage;
import io.smallrye.mutiny.Multi;
import java.time.Duration;

/**
 * One viewer's stream: the full state at once, then one conflated delta per push interval. Ticks
 * a slow viewer cannot take are dropped (the next delta carries the latest values anyway), so the
 * rate to a page is at most one message per interval however fast ticks arrive.
 */
public final class DashboardStream {

    private final StateAssembler assembler;
    private final Duration pushInterval;

    public DashboardStream(StateAssembler assembler, Duration pushInterval) {
        this.assembler = assembler;
        this.pushInterval = pushInterval;
    }

    public Multi<DashboardMessage> open() {
        Cursor cursor = new Cursor();
        // the cursor is touched by one message at a time: the full state completes before the first tick
        return Multi.createFrom().item(() -> assembler.full(cursor))
                .onCompletion().switchTo(() -> Multi.createFrom().ticks().startingAfter(pushInterval).every(pushInterval)
                        .onOverflow().drop()
                        .map(tick -> assembler.delta(cursor)));
    }
}

package dev.stockpipe.dashboard.windows;

import dev.stockpipe.contracts.Timestamps;
import dev.stockpipe.contracts.WindowMetrics;
import dev.stockpipe.dashboard.view.WindowRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest window-metrics row per (symbol, window size): the one with the newest window_end. The
 * topic is compacted and read from the start, so rows arrive in no useful order across keys; an older
 * window arriving later never replaces a newer one. A row with the same window_end replaces the held
 * one: it is the same window re-published (a replayed micro-batch), and the later record is final.
 */
public final class WindowBoard {

    private record Held(WindowMetrics metrics, long version) {
    }

    private final Map<String, Held> rows = new ConcurrentHashMap<>();
    private long version;
    private volatile Instant lastWindowEnd;

    /** Offers a row; returns whether it became the shown row of its symbol and size. */
    public synchronized boolean offer(WindowMetrics m) {
        if (lastWindowEnd == null || m.windowEnd().isAfter(lastWindowEnd)) {
            lastWindowEnd = m.windowEnd();
        }
        String key = m.symbol() + "|" + m.windowSize().code();
        Held held = rows.get(key);
        if (held != null && m.windowEnd().isBefore(held.metrics().windowEnd())) {
            return false;
        }
        rows.put(key, new Held(m, ++version));
        return true;
    }

    /** The newest window_end seen on the topic ("the last window closed"), or null. */
    public Instant lastWindowEnd() {
        return lastWindowEnd;
    }

    public synchronized long version() {
        return version;
    }

    /** Rows changed after {@code afterVersion} (0 = all), by symbol then window size. */
    public List<WindowRow> changedAfter(long afterVersion) {
        List<WindowRow> out = new ArrayList<>();
        for (Held held : rows.values()) {
            if (held.version() > afterVersion) {
                out.add(toRow(held.metrics()));
            }
        }
        out.sort(Comparator.comparing(WindowRow::symbol).thenComparing(WindowRow::window));
        return out;
    }

    /** The shown rows of one symbol. */
    public List<WindowRow> of(String symbol) {
        return changedAfter(0).stream().filter(r -> r.symbol().equals(symbol)).toList();
    }

    static WindowRow toRow(WindowMetrics m) {
        return new WindowRow(m.symbol(), m.windowSize().code(), Timestamps.format(m.windowStart()),
                Timestamps.format(m.windowEnd()), m.movingAvg(), m.volatility(), m.volume(), m.tickCount());
    }
}

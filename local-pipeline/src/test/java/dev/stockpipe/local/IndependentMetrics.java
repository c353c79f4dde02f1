package dev.stockpipe.local;

import dev.stockpipe.contracts.DailyMetrics;
import dev.stockpipe.contracts.HistoricalBar;
import dev.stockpipe.contracts.Tick;
import dev.stockpipe.contracts.TradingCalendar;
import dev.stockpipe.contracts.WindowSize;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metric definitions of DESIGN.md written a second time in plain Java, straight from the
 * records in the lake, so the end-to-end test checks Spark + loader against an independent
 * implementation rather than against themselves.
 */
final class IndependentMetrics {

    record DayKey(String symbol, LocalDate tradeDate) {
    }

    record WindowKey(String symbol, WindowSize size, Instant start) {
    }

    record WindowValue(double movingAvg, Double volatility, long volume, long tickCount) {
    }

    private IndependentMetrics() {
    }

    static Map<DayKey, DailyMetrics> daily(List<HistoricalBar> bars, TradingCalendar calendar) {
        Map<DayKey, TreeMap<Instant, HistoricalBar>> byDay = new HashMap<>();
        for (HistoricalBar b : bars) {
            byDay.computeIfAbsent(new DayKey(b.symbol(), calendar.tradingDate(b.ts())), k -> new TreeMap<>()).putIfAbsent(b.ts(), b);
        }
        Map<DayKey, DailyMetrics> result = new LinkedHashMap<>();
        byDay.forEach((key, day) -> {
            double open = day.firstEntry().getValue().open();
            double close = day.lastEntry().getValue().close();
            double high = day.values().stream().mapToDouble(HistoricalBar::high).max().orElseThrow();
            double low = day.values().stream().mapToDouble(HistoricalBar::low).min().orElseThrow();
            long volume = day.values().stream().mapToLong(HistoricalBar::volume).sum();
            result.put(key, new DailyMetrics(key.symbol(), key.tradeDate(), open, high, low, close, volume,
                    DailyMetrics.pctChange(open, close), day.size()));
        });
        return result;
    }

    /** Sliding windows aligned to the epoch, as Spark's {@code window(ts, size, slide)} does. */
    static Map<WindowKey, WindowValue> windows(List<Tick> ticks, WindowSize size, Duration slide) {
        Map<WindowKey, List<Tick>> members = new HashMap<>();
        long slideMs = slide.toMillis();
        long sizeMs = size.length().toMillis();
        for (Tick t : ticks) {
            long ts = t.ts().toEpochMilli();
            long lastStart = Math.floorDiv(ts, slideMs) * slideMs;
            for (long start = lastStart; start > ts - sizeMs; start -= slideMs) {
                members.computeIfAbsent(new WindowKey(t.symbol(), size, Instant.ofEpochMilli(start)), k -> new ArrayList<>()).add(t);
            }
        }
        Map<WindowKey, WindowValue> result = new HashMap<>();
        members.forEach((key, list) -> {
            double mean = list.stream().mapToDouble(Tick::price).average().orElseThrow();
            Double stddev = null;
            if (list.size() > 1) {
                double ss = list.stream().mapToDouble(t -> (t.price() - mean) * (t.price() - mean)).sum();
                stddev = Math.sqrt(ss / (list.size() - 1));
            }
            result.put(key, new WindowValue(mean, stddev, list.stream().mapToLong(Tick::volume).sum(), list.size()));
        });
        return result;
    }

    static Comparator<WindowKey> order() {
        return Comparator.comparing(WindowKey::symbol).thenComparing(WindowKey::size).thenComparing(WindowKey::start);
    }
}

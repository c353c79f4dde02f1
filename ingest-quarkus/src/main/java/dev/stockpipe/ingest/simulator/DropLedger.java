package dev.stockpipe.ingest.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where policy {@code drop} left holes in each symbol's {@code seq}. Every dropped tick is counted,
 * and each maximal run of consecutive dropped seqs of one symbol is one gap — exactly the holes a
 * consumer of the topic will see — so an operator can reconcile the topic against the simulator
 * instead of guessing whether a missing seq was dropped on purpose or lost.
 *
 * <p>Written by the generator thread, read by the REST API and the periodic drop log; the
 * methods are synchronized because drops only happen while Kafka has no room, never on the
 * fast path.
 */
final class DropLedger {

    /** One symbol's drops so far; {@code lastGapFrom..lastGapTo} is the most recent hole. */
    record SymbolDrops(long ticks, long gaps, long lastGapFrom, long lastGapTo) {
    }

    /** What was dropped since the previous {@link #sinceLastReport()}: the content of one log line. */
    record Report(long ticks, long gaps, Map<String, SymbolDrops> bySymbol) {
        boolean isEmpty() {
            return ticks == 0;
        }
    }

    private final Map<String, Counts> total = new LinkedHashMap<>();
    private Map<String, Counts> sinceReport = new LinkedHashMap<>();

    /** Records one dropped tick; ticks of a symbol must arrive in seq order. */
    synchronized boolean dropped(String symbol, long seq) {
        boolean newGap = total.computeIfAbsent(symbol, s -> new Counts()).add(seq);
        Counts recent = sinceReport.computeIfAbsent(symbol, s -> new Counts());
        recent.ticks++;
        if (newGap) {
            recent.gaps++;
        }
        recent.lastGapFrom = total.get(symbol).lastGapFrom;
        recent.lastGapTo = seq;
        return newGap;
    }

    synchronized long ticks() {
        return total.values().stream().mapToLong(c -> c.ticks).sum();
    }

    synchronized long gaps() {
        return total.values().stream().mapToLong(c -> c.gaps).sum();
    }

    synchronized Map<String, SymbolDrops> bySymbol() {
        Map<String, SymbolDrops> out = new LinkedHashMap<>();
        total.forEach((symbol, c) -> out.put(symbol, c.view()));
        return out;
    }

    /** The drops since the previous call, then starts counting afresh. */
    synchronized Report sinceLastReport() {
        Map<String, SymbolDrops> bySymbol = new LinkedHashMap<>();
        long ticks = 0;
        long gaps = 0;
        for (var e : sinceReport.entrySet()) {
            bySymbol.put(e.getKey(), e.getValue().view());
            ticks += e.getValue().ticks;
            gaps += e.getValue().gaps;
        }
        sinceReport = new LinkedHashMap<>();
        return new Report(ticks, gaps, bySymbol);
    }

    private static final class Counts {
        long ticks;
        long gaps;
        long lastGapFrom = -1;
        long lastGapTo = -1;

        /** Returns true when {@code seq} opens a new gap (it does not follow the previous dropped seq). */
        boolean add(long seq) {
            ticks++;
            boolean newGap = lastGapTo < 0 || seq != lastGapTo + 1;
            if (newGap) {
                gaps++;
                lastGapFrom = seq;
            }
            lastGapTo = seq;
            return newGap;
        }

        SymbolDrops view() {
            return new SymbolDrops(ticks, gaps, lastGapFrom, lastGapTo);
        }
    }
}

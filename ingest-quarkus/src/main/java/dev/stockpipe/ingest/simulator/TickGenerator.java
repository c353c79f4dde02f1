package dev.stockpipe.ingest.simulator;

import dev.stockpipe.contracts.Tick;
import dev.stockpipe.ingest.gbm.GbmModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Spreads the total tick rate over the symbols round-robin, each with its own seeded GBM. Pure
 * given the clock readings it is passed, so tests drive it without time passing.
 */
public final class TickGenerator {

    private final SymbolTicker[] tickers;
    private int next;

    public TickGenerator(List<String> symbols, Function<String, GbmModel> models, long seed, int medianVolume) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("The simulator needs at least one symbol");
        }
        this.tickers = symbols.stream()
                .map(s -> new SymbolTicker(s, models.apply(s), seed, medianVolume))
                .toArray(SymbolTicker[]::new);
    }

    public Tick next(Instant ts, long nanoTime) {
        SymbolTicker t = tickers[next];
        next = (next + 1) % tickers.length;
        return t.next(ts, nanoTime);
    }

    public int symbolCount() {
        return tickers.length;
    }

    /** Per symbol, the seq its next tick gets: seqs below it have been generated. Call from the generating thread, or after it stopped. */
    public Map<String, Long> nextSeqs() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (SymbolTicker t : tickers) {
            out.put(t.symbol(), t.nextSeq());
        }
        return out;
    }
}

package dev.stockpipe.dashboard.state;

import dev.stockpipe.contracts.RecordValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The symbols the dashboard knows: the configured ones (shown from the start, in their order) plus any
 * valid symbol seen on stock.realtime, up to a cap. The cap bounds memory and the size of every pushed
 * message whatever a producer sends; a tick of a symbol beyond it is counted as unreadable.
 */
public final class SymbolRegistry {

    private final Map<String, SymbolState> bySymbol = new ConcurrentHashMap<>();
    /** Display order; copied on write, read on every push. */
    private volatile List<SymbolState> ordered = List.of();
    private final int maxSymbols;
    private final int chartSeconds;

    public SymbolRegistry(List<String> configured, int maxSymbols, int chartSeconds) {
        if (configured.size() > maxSymbols) {
            throw new IllegalArgumentException(configured.size() + " symbols are configured but dashboard.max-symbols is "
                    + maxSymbols + "; raise dashboard.max-symbols or list fewer symbols");
        }
        this.maxSymbols = maxSymbols;
        this.chartSeconds = chartSeconds;
        for (String symbol : configured) {
            if (!RecordValidator.isValidSymbol(symbol)) {
                throw new IllegalArgumentException("dashboard.symbols holds '" + symbol
                        + "', which is not a valid symbol (" + RecordValidator.SYMBOL_REGEX + ")");
            }
            add(symbol);
        }
    }

    /** The symbol's state, or null when it is not known. */
    public SymbolState find(String symbol) {
        return symbol == null ? null : bySymbol.get(symbol);
    }

    public boolean isKnown(String symbol) {
        return find(symbol) != null;
    }

    /** The state of a symbol seen on the topic, registering it; null when it is not a valid symbol or the cap is reached. */
    public SymbolState seen(String symbol) {
        SymbolState known = bySymbol.get(symbol);
        if (known != null) {
            return known;
        }
        if (!RecordValidator.isValidSymbol(symbol)) {
            return null;
        }
        synchronized (this) {
            if (bySymbol.size() >= maxSymbols) {
                return bySymbol.get(symbol);
            }
            return add(symbol);
        }
    }

    public List<SymbolState> all() {
        return ordered;
    }

    public List<String> names() {
        return ordered.stream().map(SymbolState::symbol).toList();
    }

    public int maxSymbols() {
        return maxSymbols;
    }

    private synchronized SymbolState add(String symbol) {
        SymbolState existing = bySymbol.get(symbol);
        if (existing != null) {
            return existing;
        }
        SymbolState state = new SymbolState(symbol, chartSeconds);
        List<SymbolState> next = new ArrayList<>(ordered);
        next.add(state);
        ordered = List.copyOf(next);
        bySymbol.put(symbol, state);
        return state;
    }
}

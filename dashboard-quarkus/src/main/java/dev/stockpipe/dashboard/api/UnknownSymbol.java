package dev.stockpipe.dashboard.api;

import java.util.List;

/** The 404 body of {@code /api/symbols/{symbol}}: which symbol was asked for and which ones exist. */
public record UnknownSymbol(String error, String symbol, List<String> knownSymbols) {

    static UnknownSymbol of(String symbol, List<String> known) {
        return new UnknownSymbol("unknown symbol '" + symbol + "'", symbol, known);
    }
}

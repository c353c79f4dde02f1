package dev.stockpipe.dashboard.api;

import dev.stockpipe.dashboard.view.DailyRow;
import dev.stockpipe.dashboard.view.SymbolView;
import dev.stockpipe.dashboard.view.WindowRow;
import java.util.List;

/** {@code /api/symbols/{symbol}}: one symbol's live state with its whole chart, window rows and daily row. */
public record SymbolDetail(SymbolView symbol, List<WindowRow> windows, DailyRow daily) {
}

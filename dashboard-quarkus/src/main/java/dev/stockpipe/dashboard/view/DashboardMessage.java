package dev.stockpipe.dashboard.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code /api/state} returns and {@code /api/stream} pushes.
 *
 * <p>{@code type = full}: everything (the first message of a stream, and /api/state). {@code type =
 * delta}: only the symbols and window rows that changed since the previous message, the new chart
 * samples, and {@code daily} only when it changed (absent otherwise). {@code stale_since} and
 * {@code health} are in every message: null {@code stale_since} means ticks are flowing.
 */
public record DashboardMessage(String type, String at, String staleSince, List<SymbolView> symbols,
        List<WindowRow> windows, @JsonInclude(JsonInclude.Include.NON_NULL) DailyView daily, HealthView health) {

    public static final String FULL = "full";
    public static final String DELTA = "delta";
}

package dev.stockpipe.dashboard.view;

import java.util.List;

/**
 * One symbol as the page sees it. In a delta, {@code samples} holds only the chart samples added
 * since the previous message; in the full state, the whole chart.
 *
 * @param price           last price, null before the first tick
 * @param lastTickTs      event time of the last tick (canonical form)
 * @param lastArrival     when the dashboard received the last tick
 * @param ticksPerSecond  ticks received per second, over the last second
 * @param samples         [epoch second, price] pairs: the last price of each second, by arrival time
 */
public record SymbolView(String symbol, Double price, String lastTickTs, String lastArrival, double ticksPerSecond,
        List<double[]> samples) {
}

package dev.stockpipe.dashboard.view;

/** One symbol's daily metrics for the newest trade date in the processed zone. */
public record DailyRow(String symbol, String tradeDate, double dailyOpen, double dailyHigh, double dailyLow,
        double dailyClose, long dailyVolume, double pctChange) {
}

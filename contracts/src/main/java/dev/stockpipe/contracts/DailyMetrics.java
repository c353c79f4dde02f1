package dev.stockpipe.contracts;

import java.time.LocalDate;

/**
 * Daily metrics of one symbol on one trading date (DESIGN.md "Metrics").
 *
 * @param pctChange {@code (dailyClose - dailyOpen) / dailyOpen * 100}
 * @param barCount  distinct bars (by symbol and ts) that went into the day
 */
public record DailyMetrics(String symbol, LocalDate tradeDate, double dailyOpen, double dailyHigh,
        double dailyLow, double dailyClose, long dailyVolume, double pctChange, long barCount) {

    /** The percentage change rule, written once. */
    public static double pctChange(double open, double close) {
        return (close - open) / open * 100.0;
    }
}

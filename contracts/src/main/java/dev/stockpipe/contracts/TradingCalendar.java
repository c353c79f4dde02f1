package dev.stockpipe.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The trading-date rule: a bar or tick belongs to the exchange's local date. Raw partitions use
 * UTC days, metrics use trading dates, and this class is the bridge between them. Which dates
 * the market trades on is {@link ExchangeCalendar}'s business.
 */
public final class TradingCalendar {

    public static final ZoneId DEFAULT_EXCHANGE_ZONE = ZoneId.of("America/New_York");

    private final ZoneId exchangeZone;

    public TradingCalendar(ZoneId exchangeZone) {
        this.exchangeZone = exchangeZone;
    }

    public static TradingCalendar newYork() {
        return new TradingCalendar(DEFAULT_EXCHANGE_ZONE);
    }

    public ZoneId exchangeZone() {
        return exchangeZone;
    }

    public LocalDate tradingDate(Instant ts) {
        return ts.atZone(exchangeZone).toLocalDate();
    }

    /** Start of the trading date in UTC (inclusive); DST-aware. */
    public Instant startOf(LocalDate tradingDate) {
        return tradingDate.atStartOfDay(exchangeZone).toInstant();
    }

    /** End of the trading date in UTC (exclusive). */
    public Instant endOf(LocalDate tradingDate) {
        return tradingDate.plusDays(1).atStartOfDay(exchangeZone).toInstant();
    }

    /**
     * The UTC days whose raw partitions can hold records of the given trading dates (inclusive
     * range): the margin a batch job must read so no bar near midnight is missed.
     */
    public List<LocalDate> utcDaysCovering(LocalDate fromTradingDate, LocalDate toTradingDate) {
        if (toTradingDate.isBefore(fromTradingDate)) {
            throw new IllegalArgumentException("range ends (" + toTradingDate + ") before it starts (" + fromTradingDate + ")");
        }
        LocalDate first = startOf(fromTradingDate).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = endOf(toTradingDate).minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }
}

package dev.stockpipe.contracts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The New York Stock Exchange's trading days and sessions, computed by rule: which days the market
 * is closed (weekends, the ten NYSE holidays with their weekend rules, and the few unscheduled
 * closures on record), and which days close early at 13:00 New York time. The synthetic bar source,
 * the tick simulator, the loader's trading-day rule and (through a Python copy tested against the
 * same vectors) the DAG all ask this class, so no component invents a Thanksgiving bar.
 *
 * <p>Rules (NYSE Rule 7.2 and its published calendars):
 * <ul>
 *   <li>New Year's Day, Jan 1: on a Sunday observed Monday; on a Saturday not observed (the exchange
 *       stays open on Dec 31 for year-end).</li>
 *   <li>Martin Luther King Jr. Day (3rd Monday of January, from 1998), Washington's Birthday (3rd
 *       Monday of February), Good Friday, Memorial Day (last Monday of May), Labor Day (1st Monday
 *       of September), Thanksgiving (4th Thursday of November).</li>
 *   <li>Juneteenth (June 19, from 2022), Independence Day (July 4), Christmas (Dec 25): on a Saturday
 *       observed the Friday before, on a Sunday the Monday after.</li>
 *   <li>Early close, 13:00: July 3 when Independence Day falls Tuesday–Friday; the day after
 *       Thanksgiving; Dec 24 when Christmas falls Tuesday–Friday.</li>
 * </ul>
 * Regular session: 09:30–16:00 {@code America/New_York}.
 */
public final class ExchangeCalendar {

    public static final ZoneId ZONE = ZoneId.of("America/New_York");
    public static final LocalTime OPEN = LocalTime.of(9, 30);
    public static final LocalTime CLOSE = LocalTime.of(16, 0);
    public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);

    /** Closures no rule predicts (national days of mourning, 9/11, Hurricane Sandy), as published. */
    private static final Map<LocalDate, String> UNSCHEDULED_CLOSURES = Map.of(
            LocalDate.of(2001, 9, 11), "September 11 attacks",
            LocalDate.of(2001, 9, 12), "September 11 attacks",
            LocalDate.of(2001, 9, 13), "September 11 attacks",
            LocalDate.of(2001, 9, 14), "September 11 attacks",
            LocalDate.of(2004, 6, 11), "National Day of Mourning (President Reagan)",
            LocalDate.of(2007, 1, 2), "National Day of Mourning (President Ford)",
            LocalDate.of(2012, 10, 29), "Hurricane Sandy",
            LocalDate.of(2012, 10, 30), "Hurricane Sandy",
            LocalDate.of(2018, 12, 5), "National Day of Mourning (President George H. W. Bush)",
            LocalDate.of(2025, 1, 9), "National Day of Mourning (President Carter)");

    /** One trading day's regular session, as instants. */
    public record Session(LocalDate date, Instant open, Instant close, boolean earlyClose) {

        public boolean contains(Instant t) {
            return !t.isBefore(open) && t.isBefore(close);
        }
    }

    private static final ExchangeCalendar NYSE = new ExchangeCalendar();

    private ExchangeCalendar() {
    }

    public static ExchangeCalendar nyse() {
        return NYSE;
    }

    /** Why the market is closed on {@code date} ({@code "weekend"} or the holiday's name), or empty on a trading day. */
    public Optional<String> closure(LocalDate date) {
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return Optional.of("weekend");
        }
        String unscheduled = UNSCHEDULED_CLOSURES.get(date);
        if (unscheduled != null) {
            return Optional.of(unscheduled);
        }
        return Optional.ofNullable(holiday(date));
    }

    public boolean isTradingDay(LocalDate date) {
        return closure(date).isEmpty();
    }

    /** The regular session of a trading day, or empty when the market is closed. */
    public Optional<Session> session(LocalDate date) {
        if (!isTradingDay(date)) {
            return Optional.empty();
        }
        boolean early = isEarlyClose(date);
        return Optional.of(new Session(date, date.atTime(OPEN).atZone(ZONE).toInstant(),
                date.atTime(early ? EARLY_CLOSE : CLOSE).atZone(ZONE).toInstant(), early));
    }

    /** True on a trading day that closes at 13:00. */
    public boolean isEarlyClose(LocalDate date) {
        int year = date.getYear();
        LocalDate july3 = LocalDate.of(year, Month.JULY, 3);
        LocalDate dayAfterThanksgiving = thanksgiving(year).plusDays(1);
        LocalDate christmasEve = LocalDate.of(year, Month.DECEMBER, 24);
        boolean candidate = (date.equals(july3) && isTuesdayToFriday(LocalDate.of(year, Month.JULY, 4)))
                || date.equals(dayAfterThanksgiving)
                || (date.equals(christmasEve) && isTuesdayToFriday(LocalDate.of(year, Month.DECEMBER, 25)));
        return candidate && isTradingDay(date);
    }

    /** The trading days in [from, to], in order. */
    public List<LocalDate> tradingDays(LocalDate from, LocalDate to) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (isTradingDay(d)) {
                days.add(d);
            }
        }
        return days;
    }

    /** The last {@code count} trading days ending at {@code lastDay} (inclusive), oldest first. */
    public List<LocalDate> lastTradingDays(LocalDate lastDay, int count) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = lastDay; days.size() < count; d = d.minusDays(1)) {
            if (isTradingDay(d)) {
                days.add(0, d);
            }
        }
        return days;
    }

    /** The first trading day on or after {@code date}. */
    public LocalDate nextTradingDay(LocalDate date) {
        LocalDate d = date;
        while (!isTradingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    // ---- the holiday rules ----------------------------------------------------------------

    /** The holiday's name when {@code date} (a weekday) is an exchange holiday, else null. */
    private static String holiday(LocalDate date) {
        int year = date.getYear();
        if (date.equals(newYearObserved(year))) {
            return "New Year's Day";
        }
        if (year >= 1998 && date.equals(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3))) {
            return "Martin Luther King Jr. Day";
        }
        if (date.equals(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3))) {
            return "Washington's Birthday";
        }
        if (date.equals(easterSunday(year).minusDays(2))) {
            return "Good Friday";
        }
        if (date.equals(LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))) {
            return "Memorial Day";
        }
        if (year >= 2022 && date.equals(observed(LocalDate.of(year, Month.JUNE, 19)))) {
            return "Juneteenth";
        }
        if (date.equals(observed(LocalDate.of(year, Month.JULY, 4)))) {
            return "Independence Day";
        }
        if (date.equals(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1))) {
            return "Labor Day";
        }
        if (date.equals(thanksgiving(year))) {
            return "Thanksgiving Day";
        }
        if (date.equals(observed(LocalDate.of(year, Month.DECEMBER, 25)))) {
            return "Christmas Day";
        }
        return null;
    }

    /** Jan 1, or Monday Jan 2 when Jan 1 is a Sunday; a Saturday New Year is not observed. */
    private static LocalDate newYearObserved(int year) {
        LocalDate jan1 = LocalDate.of(year, Month.JANUARY, 1);
        return jan1.getDayOfWeek() == DayOfWeek.SUNDAY ? jan1.plusDays(1) : jan1;
    }

    /** Saturday → the Friday before, Sunday → the Monday after. */
    private static LocalDate observed(LocalDate holiday) {
        return switch (holiday.getDayOfWeek()) {
            case SATURDAY -> holiday.minusDays(1);
            case SUNDAY -> holiday.plusDays(1);
            default -> holiday;
        };
    }

    private static LocalDate thanksgiving(int year) {
        return nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4);
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }

    private static boolean isTuesdayToFriday(LocalDate date) {
        DayOfWeek d = date.getDayOfWeek();
        return d.compareTo(DayOfWeek.TUESDAY) >= 0 && d.compareTo(DayOfWeek.FRIDAY) <= 0;
    }

    /** Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}

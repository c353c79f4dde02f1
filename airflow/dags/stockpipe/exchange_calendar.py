"""The NYSE trading calendar for the DAG (Java ``dev.stockpipe.contracts.ExchangeCalendar``).

The same rules as the Java class, tested against the same published calendars
(``contracts/src/test/resources/vectors/nyse_calendar.json``): weekends; New Year's Day (on a Sunday
observed Monday, on a Saturday not observed); Martin Luther King Jr. Day (from 1998), Washington's
Birthday, Good Friday, Memorial Day, Labor Day, Thanksgiving; Juneteenth (from 2022), Independence
Day and Christmas (Saturday → Friday, Sunday → Monday); the unscheduled closures on record. Early
close at 13:00 New York: July 3 when July 4 falls Tuesday-Friday, the day after Thanksgiving, and
Dec 24 when Christmas falls Tuesday-Friday.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("America/New_York")
OPEN = time(9, 30)
CLOSE = time(16, 0)
EARLY_CLOSE = time(13, 0)

_UNSCHEDULED = {
    date(2001, 9, 11): "September 11 attacks",
    date(2001, 9, 12): "September 11 attacks",
    date(2001, 9, 13): "September 11 attacks",
    date(2001, 9, 14): "September 11 attacks",
    date(2004, 6, 11): "National Day of Mourning (President Reagan)",
    date(2007, 1, 2): "National Day of Mourning (President Ford)",
    date(2012, 10, 29): "Hurricane Sandy",
    date(2012, 10, 30): "Hurricane Sandy",
    date(2018, 12, 5): "National Day of Mourning (President George H. W. Bush)",
    date(2025, 1, 9): "National Day of Mourning (President Carter)",
}
_MONDAY, _THURSDAY, _SATURDAY, _SUNDAY = 0, 3, 5, 6


def closure(day: date) -> str | None:
    """Why the market is closed on ``day`` (``"weekend"`` or the holiday's name), ``None`` on a trading day."""
    if day.weekday() in (_SATURDAY, _SUNDAY):
        return "weekend"
    return _UNSCHEDULED.get(day) or _holiday(day)


def is_trading_day(day: date) -> bool:
    return closure(day) is None


def is_early_close(day: date) -> bool:
    """True on a trading day that closes at 13:00 New York time."""
    year = day.year
    candidate = (
        (day == date(year, 7, 3) and 1 <= date(year, 7, 4).weekday() <= 4)
        or day == _thanksgiving(year) + timedelta(days=1)
        or (day == date(year, 12, 24) and 1 <= date(year, 12, 25).weekday() <= 4)
    )
    return candidate and is_trading_day(day)


def session(day: date) -> tuple[datetime, datetime] | None:
    """Open and close of the regular session (aware datetimes in New York time), ``None`` when closed."""
    if not is_trading_day(day):
        return None
    close = EARLY_CLOSE if is_early_close(day) else CLOSE
    return datetime.combine(day, OPEN, ZONE), datetime.combine(day, close, ZONE)


def _holiday(day: date) -> str | None:
    year = day.year
    rules = (
        (_new_year_observed(year), "New Year's Day"),
        (_nth(year, 1, _MONDAY, 3) if year >= 1998 else None, "Martin Luther King Jr. Day"),
        (_nth(year, 2, _MONDAY, 3), "Washington's Birthday"),
        (_easter_sunday(year) - timedelta(days=2), "Good Friday"),
        (_last(year, 5, _MONDAY), "Memorial Day"),
        (_observed(date(year, 6, 19)) if year >= 2022 else None, "Juneteenth"),
        (_observed(date(year, 7, 4)), "Independence Day"),
        (_nth(year, 9, _MONDAY, 1), "Labor Day"),
        (_thanksgiving(year), "Thanksgiving Day"),
        (_observed(date(year, 12, 25)), "Christmas Day"),
    )
    for holiday, name in rules:
        if day == holiday:
            return name
    return None


def _new_year_observed(year: int) -> date:
    jan1 = date(year, 1, 1)
    return jan1 + timedelta(days=1) if jan1.weekday() == _SUNDAY else jan1


def _observed(holiday: date) -> date:
    if holiday.weekday() == _SATURDAY:
        return holiday - timedelta(days=1)
    if holiday.weekday() == _SUNDAY:
        return holiday + timedelta(days=1)
    return holiday


def _thanksgiving(year: int) -> date:
    return _nth(year, 11, _THURSDAY, 4)


def _nth(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last(year: int, month: int, weekday: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _easter_sunday(year: int) -> date:
    """Western Easter by the anonymous Gregorian algorithm (as the Java side)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)

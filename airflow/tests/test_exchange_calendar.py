"""The DAG's NYSE calendar equals the published calendars, as the Java ``ExchangeCalendar`` does.

``contracts/src/test/resources/vectors/nyse_calendar.json`` is read by contracts'
``ExchangeCalendarTest`` too.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from stockpipe.exchange_calendar import closure, is_early_close, is_trading_day, session

VECTORS_DIR = Path(__file__).resolve().parents[2] / "contracts" / "src" / "test" / "resources" / "vectors"
VECTORS = json.loads((VECTORS_DIR / "nyse_calendar.json").read_text(encoding="utf-8"))


def _days(year):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def test_weekday_closures_are_exactly_the_published_holidays():
    published = {date.fromisoformat(h["date"]): h["name"] for h in VECTORS["holidays"]}
    computed = {d: closure(d) for y in VECTORS["years"] for d in _days(y) if d.weekday() < 5 and closure(d)}
    assert computed == published


def test_early_closes_are_exactly_the_published_ones():
    computed = [d for y in VECTORS["years"] for d in _days(y) if is_early_close(d)]
    assert computed == [date.fromisoformat(d) for d in VECTORS["early_closes"]]
    opens, closes = session(date(2026, 11, 27))
    assert opens.astimezone(timezone.utc) == datetime(2026, 11, 27, 14, 30, tzinfo=timezone.utc)
    assert closes.astimezone(timezone.utc) == datetime(2026, 11, 27, 18, 0, tzinfo=timezone.utc)


def test_weekends_and_observed_rules():
    assert closure(date(2026, 11, 28)) == "weekend"
    assert session(date(2026, 11, 26)) is None
    assert is_trading_day(date(2027, 12, 31))  # New Year's Day 2028 is a Saturday: not observed
    assert closure(date(2023, 1, 2)) == "New Year's Day"
    assert is_trading_day(date(2021, 6, 18))  # before Juneteenth was an exchange holiday

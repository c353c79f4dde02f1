"""The pipeline's one timestamp rule, for the DAG's Python code (Java ``dev.stockpipe.contracts.Timestamps``).

Accepted: ``YYYY-MM-DDTHH:MM:SS``, an optional fraction of 1-9 digits, then ``Z`` or ``+HH:MM`` /
``-HH:MM`` (at most 18:00), with upper-case ``T`` and ``Z``; the date, time and offset must exist. The
instant is kept to the microsecond: digits past the sixth are truncated, never rounded. Everything
else is rejected. ``contracts/src/test/resources/vectors/timestamps.json`` holds the vectors the Java
validator, Spark's readers and this module are all tested against.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_SHAPE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})",
    re.ASCII,
)
_MAX_OFFSET = timedelta(hours=18)


def parse_instant(text: str) -> datetime:
    """The UTC instant ``text`` means, as an aware ``datetime``; ``ValueError`` naming the text otherwise."""
    match = _SHAPE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(
            f"not an ISO-8601 instant: {text!r} (expected YYYY-MM-DDTHH:MM:SS[.fraction of 1-9 digits] "
            "then Z or +HH:MM/-HH:MM, e.g. 2026-01-05T14:30:00.000Z)"
        )
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    micros = int((match.group(7) or "").ljust(6, "0")[:6])
    zone = match.group(8)
    offset = timedelta(0)
    if zone != "Z":
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        offset = timedelta(hours=hours, minutes=minutes)
        if minutes > 59 or offset > _MAX_OFFSET:
            raise ValueError(f"not an ISO-8601 instant: {text!r} has an impossible offset {zone}")
        if zone[0] == "-":
            offset = -offset
    try:
        local = datetime(year, month, day, hour, minute, second, micros, tzinfo=timezone(offset))
    except ValueError as e:
        raise ValueError(f"not an ISO-8601 instant: {text!r} is not a real date or time ({e})") from e
    return local.astimezone(timezone.utc)


def is_valid(text: str) -> bool:
    """True when :func:`parse_instant` accepts ``text``."""
    try:
        parse_instant(text)
    except ValueError:
        return False
    return True

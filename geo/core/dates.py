"""Days as newsrooms write them, read once for every rule that needs one (exchange rates,
"new since" badges)."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_day", "parse_period"]

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DMY = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_YEAR = re.compile(r"[0-9]{4}")


def parse_day(text: str) -> dt.date | None:
    """A calendar day from "2025-05-12" or the French "12/05/2025" (day first); else None.

    >>> parse_day("2025-05-12"), parse_day("12/05/2025"), parse_day("2025-05")
    (datetime.date(2025, 5, 12), datetime.date(2025, 5, 12), None)
    """
    text = text.strip()
    m = _ISO.fullmatch(text)
    parts = (m.group(1), m.group(2), m.group(3)) if m else None
    if parts is None:
        m = _DMY.fullmatch(text)
        parts = (m.group(3), m.group(2), m.group(1)) if m else None
    if parts is None:
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date may mean: a day, a month ("2025-05") or a year.

    >>> parse_period("2025-05")
    (datetime.date(2025, 5, 1), datetime.date(2025, 5, 31))
    """
    day = parse_day(text)
    if day is not None:
        return day, day
    text = text.strip()
    m = _MONTH.fullmatch(text)
    if m and 1 <= int(m.group(2)) <= 12:
        year, month = int(m.group(1)), int(m.group(2))
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return dt.date(year, month, 1), following - dt.timedelta(days=1)
    if _YEAR.fullmatch(text):
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    return None

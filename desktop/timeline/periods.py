"""Dates and periods on the time axis: partial dates and period labels to UTC seconds and back."""

from __future__ import annotations

import datetime
import re

from bilateral.db import dates

DAY = 86400.0
# The finest period whose bars in view stay at or under this many.
MAX_BARS = 60
PERIOD_ORDER = ("day", "month", "quarter", "year")
_PERIOD_DAYS = (("day", 1), ("month", 30.4), ("quarter", 91.3), ("year", 365.25))
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def timestamp(day: datetime.date) -> float:
    """Seconds since 1970 at midnight UTC of ``day`` (what DateAxisItem expects with utcOffset=0)."""
    return (day - datetime.date(1970, 1, 1)).days * DAY


def to_date(seconds: float) -> datetime.date:
    """The day a timestamp falls on, clamped to years SQLite dates can hold."""
    seconds = min(
        max(seconds, timestamp(datetime.date(1, 1, 1))), timestamp(datetime.date(9999, 1, 1))
    )
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=int(seconds // DAY))


def today() -> datetime.date:
    """Today's date (UTC), where open-ended records end."""
    return datetime.datetime.now(datetime.UTC).date()


def date_span(text: str) -> tuple[float, float]:
    """Start and end (exclusive) in seconds of the days a partial date covers."""
    return timestamp(dates.first_day(text)), timestamp(dates.last_day(text)) + DAY


def period_span(period: str) -> tuple[float, float]:
    """Start and end (exclusive) in seconds of a period label: '2023', '2023-Q4', '2023-11' or a day."""
    match = _QUARTER.match(period)
    if not match:
        return date_span(period)
    year, quarter = int(match[1]), int(match[2])
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return timestamp(start), timestamp(end)


def period_kind(period: str) -> str:
    """Which period a label names: 'year', 'quarter', 'month' or 'day'."""
    if _QUARTER.match(period):
        return "quarter"
    return dates.precision(period)


def periods_in(seconds: float, period: str) -> int:
    """How many periods of one kind fit in a span (12 months in a year, 31 days in July)."""
    length = dict(_PERIOD_DAYS)[period] * DAY
    return max(1, round(seconds / length))


def choose_period(x0: float, x1: float) -> str:
    """The finest period that keeps the bars in the range [x0, x1] readable."""
    days = max(x1 - x0, DAY) / DAY
    for name, length in _PERIOD_DAYS:
        if days / length <= MAX_BARS:
            return name
    return "year"


def span_dates(x0: float, x1: float) -> tuple[str, str]:
    """The range [x0, x1] as two ISO days, for the queries of a visible range."""
    return to_date(x0).isoformat(), to_date(x1).isoformat()

"""Partial dates: a year, a year-month or a full day, with the precision in the value."""

from __future__ import annotations

import calendar
import datetime
import re

# [0-9], not \d: \d also matches other scripts' digits, such as '٢٠٢٣'.
_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")

PRECISIONS = ("year", "month", "day")


class PartialDateError(ValueError):
    """The text is not a valid partial date."""


def parse(text: str) -> tuple[int, int | None, int | None]:
    """Split a partial date into (year, month, day), checking that it exists.

    :raises PartialDateError: with a message fit to show the user.
    """
    match = _PATTERN.match(text)
    if not match:
        raise PartialDateError("use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < 1:
        raise PartialDateError("the year must be 0001 or later")
    if month is not None and not 1 <= month <= 12:
        raise PartialDateError(f"there is no month {month:02d}")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise PartialDateError(f"{text} does not exist ({year}-{month:02d} has {last} days)")
    return year, month, day


def precision(text: str) -> str:
    """Return 'year', 'month' or 'day' for a valid partial date."""
    return PRECISIONS[text.count("-")]


def first_day(text: str) -> datetime.date:
    """The first day a partial date covers."""
    year, month, day = parse(text)
    return datetime.date(year, month or 1, day or 1)


def last_day(text: str) -> datetime.date:
    """The last day a partial date covers."""
    year, month, day = parse(text)
    if day:
        return datetime.date(year, month, day)
    month = month or 12
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def midpoint(text: str) -> datetime.date:
    """The middle of the span a partial date covers, used to pick an exchange rate."""
    start, end = first_day(text), last_day(text)
    return start + (end - start) / 2


def upper_bound(text: str) -> str:
    """A string that sorts after every partial date within ``text`` and before any later one.

    Partial dates sort as strings ('2023' < '2023-06' < '2023-06-01'), and '~' sorts
    after every digit and '-', so ``date < upper_bound('2023-06')`` keeps everything up
    to the end of June 2023 and nothing from July, whatever its precision.
    """
    parse(text)
    return text + "~"

"""Partial dates keep their precision and sort and filter correctly."""

from __future__ import annotations

import datetime

import pytest

from bilateral.db import dates


@pytest.mark.parametrize(
    ("text", "precision"), [("2021", "year"), ("2023-06", "month"), ("2023-11-06", "day")]
)
def test_precision_is_part_of_the_value(text, precision):
    assert dates.precision(text) == precision


@pytest.mark.parametrize(
    "text", ["2023-02-29", "2023-00", "2023-1", "23", "2023/06", "0000", "2023-06-31"]
)
def test_impossible_dates_are_refused(text):
    with pytest.raises(dates.PartialDateError):
        dates.parse(text)


def test_a_month_covers_all_its_days():
    assert (dates.first_day("2024-02"), dates.last_day("2024-02")) == (
        datetime.date(2024, 2, 1),
        datetime.date(2024, 2, 29),
    )


@pytest.mark.parametrize(
    ("value", "inside"),
    [
        ("2023-06", True),
        ("2023-06-30", True),
        ("2023", True),
        ("2023-07", False),
        ("2023-07-01", False),
        ("2024", False),
    ],
)
def test_upper_bound_keeps_everything_within_the_month(value, inside):
    assert (value < dates.upper_bound("2023-06")) is inside

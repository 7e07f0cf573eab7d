"""A record is in a since/until range when its span overlaps it, at any precision of its dates."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bilateral.db import listing
from bilateral.db.query import Filter, count, list_ids
from bilateral.db.records import Record, add_record
from bilateral.db.summary import summarize

CLI = "import sys; from bilateral.cli.main import main; sys.exit(main())"


def _add(db, title: str, date: str, end_date: str = "", status: str = "completed", kind="visit"):
    record = Record(
        actor="CHN",
        partner="CUB",
        kind=kind,
        date=date,
        end_date=end_date,
        title=title,
        status=status,
    )
    return add_record(db, record)


@pytest.fixture
def spans(empty_db):
    """Records of every precision around 2021, lasting ones, and an open membership."""
    for title, date, end, status, kind in [
        ("year 2020", "2020", "", "completed", "visit"),
        ("year 2021", "2021", "", "completed", "visit"),
        ("month 2020-12", "2020-12", "", "completed", "visit"),
        ("month 2021-01", "2021-01", "", "completed", "visit"),
        ("month 2021-03", "2021-03", "", "completed", "visit"),
        ("day 2020-12-31", "2020-12-31", "", "completed", "visit"),
        ("day 2021-01-01", "2021-01-01", "", "completed", "visit"),
        ("day 2021-03-15", "2021-03-15", "", "completed", "visit"),
        ("day 2022-06-30", "2022-06-30", "", "completed", "visit"),
        ("agreement 2018 to 2021-02", "2018", "2021-02", "completed", "agreement"),
        ("agreement 2018 to 2020", "2018-05", "2020", "completed", "agreement"),
        ("year 2021 ending in February", "2021", "2021-02", "completed", "agreement"),
        ("membership since 2019", "2019", "", "in force", "membership"),
        ("membership 2019 ended 2020", "2019", "2020-06", "in force", "membership"),
        ("membership from 2024", "2024", "", "in force", "membership"),
    ]:
        _add(empty_db, title, date, end, status, kind)
    return empty_db


def _titles(db, **filters) -> set[str]:
    where = Filter(**filters)
    titles = {
        row[0]
        for row in db.conn.execute(
            f"SELECT title FROM records WHERE id IN ({', '.join(map(str, list_ids(db, where)))})"
        )
    }
    return titles


def test_since_a_day_keeps_the_year_and_month_that_hold_it(spans):
    assert _titles(spans, since="2021-01-01") >= {"year 2021", "month 2021-01", "day 2021-01-01"}


def test_since_a_day_drops_what_ended_before(spans):
    assert (
        _titles(spans, since="2021-01-01")
        & {
            "year 2020",
            "month 2020-12",
            "day 2020-12-31",
            "agreement 2018 to 2020",
            "membership 2019 ended 2020",
        }
        == set()
    )


def test_since_a_month_keeps_its_year_but_not_an_earlier_month(spans):
    found = _titles(spans, since="2021-03")
    assert ("year 2021" in found, "month 2021-03" in found, "month 2021-01" in found) == (
        True,
        True,
        False,
    )


def test_an_end_date_reaching_into_the_range_keeps_the_record(spans):
    found = _titles(spans, since="2021-02-10")
    assert ("agreement 2018 to 2021-02" in found, "year 2021 ending in February" in found) == (
        True,
        True,
    )


def test_an_end_date_before_the_range_drops_a_record_of_a_coarser_date(spans):
    # Dated 2021, but it ended in February: nothing of it is in March.
    assert "year 2021 ending in February" not in _titles(spans, since="2021-03")


def test_a_membership_in_force_since_2019_is_found_since_2023(spans):
    assert _titles(spans, since="2023") == {"membership since 2019", "membership from 2024"}


def test_until_a_day_keeps_the_year_and_month_that_start_by_then(spans):
    found = _titles(spans, until="2021-01-01")
    assert (
        {"year 2021", "month 2021-01", "day 2021-01-01"} <= found,
        "month 2021-03" in found,
    ) == (True, False)


def test_until_a_year_keeps_every_day_of_it(spans):
    found = _titles(spans, until="2021")
    assert ("day 2021-03-15" in found, "day 2022-06-30" in found) == (True, False)


def test_a_range_keeps_what_overlaps_it_and_nothing_else(spans):
    assert _titles(spans, since="2021-02", until="2021-02") == {
        "year 2021",
        "agreement 2018 to 2021-02",
        "year 2021 ending in February",
        "membership since 2019",
    }


def test_the_count_agrees_with_the_listing(spans):
    where = Filter(since="2021-02-10", until="2022")
    assert count(spans, where) == len(list_ids(spans, where))


@pytest.mark.parametrize("sort", ["date", "title", "kind"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_listing_since_a_date_is_ordered_and_its_first_page_agrees(spans, sort, descending):
    where = Filter(since="2021-01-15")
    ids = list_ids(spans, where, sort, descending)
    column = {"date": "date", "title": "title COLLATE NOCASE", "kind": "kind"}[sort]
    direction = " DESC" if descending else ""
    marks = ", ".join("?" * len(ids))
    expected = [
        row[0]
        for row in spans.conn.execute(
            f"SELECT id FROM records WHERE id IN ({marks}) "
            f"ORDER BY {column}{direction}, id{direction}",
            ids,
        )
    ]
    assert (ids, listing.first_ids(spans, where, sort, descending, limit=3)) == (
        expected,
        expected[:3],
    )


def test_the_pair_and_kind_filters_apply_to_records_that_started_earlier(spans):
    assert (
        _titles(spans, since="2023", kinds=["visit"]),
        _titles(spans, since="2023", pair="CHN-USA"),
    ) == (set(), set())


def test_the_summary_spans_from_the_earliest_start_to_the_latest_end(empty_db):
    _add(empty_db, "a", "2021-05-03", kind="agreement")
    _add(empty_db, "b", "2021", end_date="2023-06", kind="agreement")
    _add(empty_db, "c", "2021-11", kind="agreement")
    (row,) = summarize(empty_db, "year")
    assert (row.first_date, row.last_date) == ("2021", "2023-06")


def test_the_summary_last_date_is_the_date_that_ends_last(empty_db):
    _add(empty_db, "a", "2021-12-30")
    _add(empty_db, "b", "2021")
    _add(empty_db, "c", "2021-06")
    (row,) = summarize(empty_db, "year")
    assert (row.first_date, row.last_date) == ("2021", "2021")


def test_the_summary_last_date_is_empty_for_a_row_still_in_force(empty_db):
    _add(empty_db, "a", "2019", status="in force", kind="membership")
    _add(empty_db, "b", "2019-05", end_date="2020", kind="membership")
    (row,) = summarize(empty_db, "year")
    assert (row.first_date, row.last_date) == ("2019", "")


def test_the_cli_since_finds_the_membership_in_force(spans, db_path):
    result = subprocess.run(
        [sys.executable, "-c", CLI, "export", "records", "--db", str(db_path), "--since", "2023"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, "membership since 2019" in result.stdout) == (0, True)

"""The timeline's quick paths give what its plain queries give: extent, sample, money, loader."""

from __future__ import annotations

import os

import pytest

from bilateral.db import money_flows, parties, timeline, totals_read
from bilateral.db.connection import connect
from bilateral.db.query import Filter
from bilateral.db.records import Record, add_record
from bilateral.db.store import open_database
from bilateral.desktop.timeline import periods
from bilateral.desktop.timeline.loader import Loader, Request
from bilateral.desktop.timeline.money import starts

SPREAD = 2654435761


@pytest.fixture
def many(db_path):
    """A database of 240 CHN-CUB records over 1990-2009 at every precision, and a few lasting."""
    db = open_database(db_path)
    for n in range(240):
        year = 1990 + n % 20
        date = (f"{year}", f"{year}-{n % 12 + 1:02d}", f"{year}-{n % 12 + 1:02d}-{n % 28 + 1:02d}")
        record = Record("CHN", "CUB", ("visit", "aid", "agreement")[n % 3], date[n % 3], f"R{n}")
        if n % 3 == 1:
            record.amount_usd, record.usd_basis = 1000.0 + n, "user"
        if n % 40 == 2:
            record.end_date = f"{year + 3}-06"
        add_record(db, record)
    yield db
    db.close()


def _plain(monkeypatch, call):
    """``call()`` with the kept totals never answering, so the records are read."""
    with monkeypatch.context() as m:
        m.setattr(totals_read, "answers", lambda db, condition: False)
        return call()


@pytest.mark.parametrize("pair, kinds", [("", []), ("CHN-CUB", []), ("CHN-CUB", ["aid", "visit"])])
def test_the_extent_from_the_kept_totals_is_the_records_extent(many, monkeypatch, pair, kinds):
    where = Filter(pair=pair, kinds=kinds, parties=parties.table(many))
    assert totals_read.answers(many, timeline.filter_condition(where)[0])
    kept = timeline.extent(many, where)
    assert kept == _plain(monkeypatch, lambda: timeline.extent(many, where))
    assert kept.records == (240 if not where.kinds else 160) and kept.first == "1990"


@pytest.mark.parametrize(
    "span", [("1985-01-01", "2015-12-31"), ("1995-03-01", "2001-07-31"), ("1990", "2009")]
)
@pytest.mark.parametrize("limit", [7, 50, 239, 240, 500])
def test_the_sample_is_the_first_records_in_the_spread_order(many, monkeypatch, span, limit):
    where = Filter(pair="CHN-CUB", parties=parties.table(many))
    rows, total = timeline.events(many, where, span, limit=limit)
    plain_rows, plain_total = _plain(
        monkeypatch, lambda: timeline.events(many, where, span, limit=limit)
    )
    assert (rows, total) == (plain_rows, plain_total)
    condition, params = timeline.filter_condition(where)
    extra, extra_params = timeline._span_condition(span, lasting=True)
    ids = [
        i
        for (i,) in many.conn.execute(
            f"SELECT id FROM records WHERE {condition}{extra}", [*params, *extra_params]
        )
    ]
    assert total == len(ids)
    expected = sorted(ids, key=lambda i: (i * SPREAD) % 2**32)[:limit]
    assert sorted(r.id for r in rows) == sorted(expected)
    assert [(r.date, r.id) for r in rows] == sorted((r.date, r.id) for r in rows)


def test_a_sample_whose_bound_passes_too_few_sorts_every_match(many, monkeypatch):
    # The bound is a guess from the count: with a count far above the truth it passes too
    # few records, and the sample is taken from all of them instead.
    where = Filter(pair="CHN-CUB", parties=parties.table(many))
    span = ("1985-01-01", "2015-12-31")
    expected = timeline.events(many, where, span, limit=20)
    monkeypatch.setattr(timeline, "_all_within", lambda *args: 10**9)
    rows, total = timeline.events(many, where, span, limit=20)
    assert rows == expected[0] and total == 10**9


def test_money_steps_without_titles_are_the_same_steps(many):
    with_titles = money_flows.money_steps(many, Filter(pair="CHN-CUB"))
    without = money_flows.money_steps(many, Filter(pair="CHN-CUB"), titles=False)
    assert [s._replace(title="") for s in with_titles] == without
    assert all(s.title == money_flows.title(many, s.record_id) for s in with_titles)
    assert money_flows.title(many, 10**9) == ""


@pytest.mark.parametrize(
    "dates", [["2023", "2023-11", "2023-11-07"], ["0001", "0001-01-01", "9999-12", "1969-12-31"]]
)
def test_money_steps_start_where_their_partial_dates_start(dates):
    assert list(starts(dates)) == [periods.date_span(d)[0] for d in dates]


def _load(qtbot, loader, request):
    got = []
    loader.loaded.connect(lambda _, result: got.append(result))
    loader.failed.connect(lambda _, message: got.append(message))
    loader.submit(request)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    loader.loaded.disconnect()
    loader.failed.disconnect()
    assert not isinstance(got[0], str), got[0]
    return got[0]


def test_the_loader_keeps_its_connection_until_the_file_is_replaced(qtbot, many, db_path):
    loader = Loader()
    request = Request("overview", db_path, Filter(pair="CHN-CUB"))
    assert _load(qtbot, loader, request).extent.records == 240
    kept = [db for _, db in loader._idle]
    assert len(kept) == 1
    assert _load(qtbot, loader, request).extent.records == 240
    assert [db for _, db in loader._idle] == kept  # the same connection again
    # Another file put in its place (a copy with one record fewer) is read, not the old one.
    # Its old write-ahead log is emptied first, as closing the app's last connection does.
    copy = db_path.with_name("copy.db")
    many.conn.execute("VACUUM INTO ?", (str(copy),))
    many.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer = connect(copy)
    writer.conn.execute("DELETE FROM records WHERE title = 'R0'")
    writer.conn.commit()
    writer.close()
    os.replace(copy, db_path)
    assert _load(qtbot, loader, request).extent.records == 239
    assert [db for _, db in loader._idle] != kept
    assert loader.wait()
    assert loader._idle == []

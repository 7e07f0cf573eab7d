"""The timeline's SQL: activity per period, extent, events in a range with a cap, money flows."""

from __future__ import annotations

import pytest

from bilateral.db import money_flows, timeline
from bilateral.db.query import Filter, FilterError
from bilateral.db.records import Record, add_record
from bilateral.db.summary import summarize


@pytest.mark.parametrize("by", ["year", "quarter", "month"])
def test_activity_counts_equal_the_summary(seeded_db, by):
    rows = timeline.activity(seeded_db, by, Filter(pair="CHN-CUB"))
    expected = {}
    for r in summarize(seeded_db, by, Filter(pair="CHN-CUB")):
        expected[r.period, r.kind] = expected.get((r.period, r.kind), 0) + r.records
    assert {(r.period, r.kind): r.records for r in rows} == {
        key: n for key, n in expected.items() if n
    }


def test_activity_by_day_keeps_coarser_dates_as_they_are(seeded_db):
    periods = {r.period for r in timeline.activity(seeded_db, "day", Filter(pair="CHN-CUB"))}
    assert {"2021", "2022-11", "2022-11-25"} <= periods


def test_activity_groups_by_pair_when_pairs_are_compared(seeded_db):
    rows = timeline.activity(seeded_db, "year", pairs=["CHN-CUB", "BLR-CUB"])
    assert {r.pair for r in rows} == {"CHN-CUB", "BLR-CUB"}


def test_activity_refuses_an_unknown_period(seeded_db):
    with pytest.raises(FilterError):
        timeline.activity(seeded_db, "week")


def test_extent_runs_from_the_first_date_to_the_last_end_date(seeded_db):
    assert timeline.extent(seeded_db, Filter(pair="BLR-CUB")) == (1, "2023-11", "2023-11-12", False)


def test_extent_knows_a_record_still_in_force(seeded_db):
    assert timeline.extent(seeded_db, Filter(pair="CHN-CUB")).open_ended


def test_events_in_a_range_keep_a_band_that_began_before_it(seeded_db):
    rows, total = timeline.events(seeded_db, None, ("2023-06-01", "2023-07-31"))
    assert "Cuba joins the Belt and Road Initiative" in {r.title for r in rows}
    assert "Díaz-Canel meets Xi Jinping in Beijing" not in {r.title for r in rows}


def test_events_beyond_the_limit_are_counted_not_returned(seeded_db):
    rows, total = timeline.events(seeded_db, None, ("2021-01-01", "2023-12-31"), limit=4)
    assert (len(rows), total) == (4, 19)


def test_money_counts_only_money_that_counts(seeded_db):
    pledge = Record("CHN", "CUB", "loan", "2023-02", "A pledged loan", amount_usd=5e8)
    pledge.status, pledge.usd_basis = "pledged", "user"
    add_record(seeded_db, pledge)
    steps = money_flows.money_steps(seeded_db, Filter(pair="CHN-CUB"))
    assert [(s.flow, s.date, s.usd) for s in steps] == [("CHN → CUB", "2023-01", 100_000_000)]


def test_mutual_money_counts_for_the_pair(seeded_db):
    deal = Record("CUB", "CHN", "trade", "2023-03", "A barter deal", amount_usd=2e6)
    deal.direction, deal.usd_basis = "mutual", "user"
    add_record(seeded_db, deal)
    flows = {s.flow for s in money_flows.money_steps(seeded_db, Filter(pair="CHN-CUB"))}
    assert flows == {"CHN → CUB", "CHN ↔ CUB"}


def test_a_money_step_names_its_largest_record(seeded_db):
    small = Record("CHN", "CUB", "aid", "2023-01", "Rice", amount_usd=1e3)
    small.usd_basis = "user"
    add_record(seeded_db, small)
    (step,) = money_flows.money_steps(seeded_db, Filter(pair="CHN-CUB"))
    assert (step.records, step.usd, step.title) == (
        2,
        100_001_000,
        "China's 700 million yuan donation to Cuba is formalised",
    )


def test_kind_counts_follow_the_kinds_table_order(seeded_db):
    kinds = [k for k, _ in timeline.kind_counts(seeded_db, Filter(pair="CHN-CUB"))]
    assert kinds == [
        "visit",
        "statement",
        "agreement",
        "membership",
        "aid",
        "trade",
        "security",
        "meeting",
    ]


def test_kind_counts_are_what_the_activity_bars_add_up_to(seeded_db):
    where = Filter(pair="CHN-CUB")
    counted = {}
    for row in timeline.activity(seeded_db, "year", where):
        counted[row.kind] = counted.get(row.kind, 0) + row.records
    legend = dict(timeline.kind_counts(seeded_db, where))
    # The three security records are claims: their lane stays, with no event counted.
    assert legend == {**counted, "security": 0}

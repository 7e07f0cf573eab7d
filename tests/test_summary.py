"""Summaries count records and add only the money that counts, in SQL."""

from __future__ import annotations

import pytest

from bilateral.db.query import Filter, FilterError, summarize
from bilateral.db.records import Record, add_record


def rows(db, by="all", **filters):
    return {(r.pair, r.period, r.kind): r for r in summarize(db, by, Filter(**filters))}


def test_donation_money_counts_for_china_cuba(seeded_db):
    # Pledged, then signed: two stages of one donation, whose money counts once.
    aid = rows(seeded_db, pair="CHN-CUB")[("CHN-CUB", "all", "aid")]
    assert (aid.records, aid.amount_usd) == (2, 100_000_000)


@pytest.mark.parametrize("status", ["pledged", "reported", "alleged", "denied", "cancelled"])
def test_money_that_may_not_happen_is_kept_apart(empty_db, status):
    add_record(
        empty_db,
        Record(
            actor="CHN",
            partner="CUB",
            kind="loan",
            date="2020",
            title="L",
            amount=5.0,
            currency="USD",
            status=status,
        ),
    )
    loan = rows(empty_db)[("CHN-CUB", "all", "loan")]
    assert (loan.records, loan.amount_usd, loan.uncounted_usd) == (1, 0, 5)


@pytest.mark.parametrize(
    ("by", "period"),
    [("year", "2023"), ("quarter", "2023-Q4"), ("month", "2023-11"), ("all", "all")],
)
def test_periods_group_the_shanghai_agreements(seeded_db, by, period):
    assert (("CHN-CUB", period, "agreement")) in rows(seeded_db, by)


def test_a_date_known_to_the_year_keeps_its_year_in_a_monthly_summary(seeded_db):
    assert ("CHN-CUB", "2021", "membership") in rows(seeded_db, "month")


def test_pair_filter_accepts_either_order(seeded_db):
    assert rows(seeded_db, pair="cub-blr").keys() == {("BLR-CUB", "all", "visit")}


@pytest.mark.parametrize("pair", ["CHN", "CHN-CHN", "CHN-XXX"])
def test_bad_pairs_are_refused(seeded_db, pair):
    with pytest.raises(FilterError):
        rows(seeded_db, pair=pair)


@pytest.mark.parametrize("text", ['"spy base', "spy AND (", "NEAR(", "*", "'"])
def test_any_typed_text_is_a_safe_search(seeded_db, text):
    list(summarize(seeded_db, "all", Filter(text=text)))


def test_text_search_finds_quotes_and_names(seeded_db):
    assert rows(seeded_db, text="spy base").keys() == {
        ("CHN-CUB", "all", "security"),
        ("CHN-CUB", "all", "statement"),
    }
    assert ("BLR-CUB", "all", "visit") in rows(seeded_db, text="Marrero")

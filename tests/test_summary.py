"""Summaries count records and add only the money that counts, in SQL."""

from __future__ import annotations

import pytest

from bilateral.db.query import Filter, FilterError
from bilateral.db.records import Record, add_record
from bilateral.db.summary import summarize


def rows(db, by="all", **filters):
    """Summary rows by pair, period and kind, the rows of each direction added up."""
    found = {}
    for r in summarize(db, by, Filter(**filters)):
        key = (r.pair, r.period, r.kind)
        found[key] = (
            found[key]._replace(
                records=found[key].records + r.records,
                claimed=found[key].claimed + r.claimed,
                disputed=found[key].disputed + r.disputed,
                amount_usd=found[key].amount_usd + r.amount_usd,
                uncounted_usd=found[key].uncounted_usd + r.uncounted_usd,
            )
            if key in found
            else r
        )
    return found


def test_the_seed_summary_by_year_counts_what_the_article_says(seeded_db):
    summary = list(summarize(seeded_db, "year", Filter(pair="CHN-CUB")))
    visits = {(r.period, r.actor): r.records for r in summary if r.kind == "visit"}
    # One visit a year: the Díaz-Canel visit, and Marrero's one trip with its meetings.
    assert visits == {("2022", "CUB"): 1, ("2023", "CUB"): 1}
    money = {
        (r.period, r.kind, r.actor, r.direction): r.amount_usd for r in summary if r.amount_usd
    }
    assert money == {("2023", "aid", "CHN", "one-way"): 100_000_000}
    assert not [r for r in summary if r.period == "2022" and (r.amount_usd or r.uncounted_usd)]
    claims = {
        (r.period, r.kind): (r.records, r.claimed, r.disputed)
        for r in summary
        if r.kind == "security"
    }
    # The WSJ report, denied by both governments, is disputed; the White House's
    # base since 2019 and the Miami Herald's espionage since 1992 are claims.
    assert claims == {
        ("1992", "security"): (0, 1, 0),
        ("2019", "security"): (0, 1, 0),
        ("2023", "security"): (0, 0, 1),
    }


def test_the_meetings_of_the_trip_count_as_meetings(seeded_db):
    meetings = rows(seeded_db, "year", pair="CHN-CUB")[("CHN-CUB", "2023", "meeting")]
    assert meetings.records == 3


def test_money_is_kept_per_direction(empty_db):
    for actor, partner, usd in [("CHN", "CUB", 7.0), ("CUB", "CHN", 2.0)]:
        add_record(
            empty_db,
            Record(
                actor=actor,
                partner=partner,
                kind="aid",
                date="2020",
                title=f"{actor} gives",
                amount=usd,
                currency="USD",
                status="completed",
            ),
        )
    got = {(r.actor, r.partner, r.direction): r.amount_usd for r in summarize(empty_db, "all")}
    assert got == {("CHN", "CUB", "one-way"): 7, ("CUB", "CHN", "one-way"): 2}


def _loan(db, claim: str = "established", status: str = "signed") -> None:
    """A loan of $5 at ``status``, whose claim status is ``claim``."""
    add_record(
        db,
        Record(
            actor="CHN",
            partner="CUB",
            kind="loan",
            date="2020",
            title="L",
            amount=5.0,
            currency="USD",
            status=status,
            claim_status=claim,
            claimed_by="" if claim == "established" else "A newspaper",
        ),
    )


@pytest.mark.parametrize("status", ["pledged", "expected", "cancelled"])
def test_money_that_may_not_happen_is_kept_apart(empty_db, status):
    _loan(empty_db, status=status)
    loan = rows(empty_db)[("CHN-CUB", "all", "loan")]
    assert (loan.records, loan.amount_usd, loan.uncounted_usd) == (1, 0, 5)


@pytest.mark.parametrize(
    ("claim", "counted"),
    [("claimed", (0, 1, 0, 0, 5)), ("disputed", (0, 0, 1, 0, 5)), ("confirmed", (1, 0, 0, 5, 0))],
)
def test_claims_are_counted_apart_from_what_happened(empty_db, claim, counted):
    _loan(empty_db, claim)
    loan = rows(empty_db)[("CHN-CUB", "all", "loan")]
    assert (
        loan.records,
        loan.claimed,
        loan.disputed,
        loan.amount_usd,
        loan.uncounted_usd,
    ) == counted


@pytest.mark.parametrize("claim", ["denied", "retracted"])
def test_a_denied_or_retracted_claim_counts_for_nothing(empty_db, claim):
    _loan(empty_db, claim)
    assert list(summarize(empty_db, "all")) == []


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


@pytest.mark.parametrize("pair", ["XXX", "CHN-CHN", "CHN-XXX"])
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

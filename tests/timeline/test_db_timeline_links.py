"""The timeline's link queries: links with both ends in view, and fulfils chains with their money."""

from __future__ import annotations

from bilateral.db import timeline
from bilateral.db.model import Link, Record
from bilateral.db.query import Filter
from bilateral.db.records import add_record, get_record, record_id_for_uid
from bilateral.db.timeline_links import Chain, Stage, chains, final_stage, view_links
from timeline.conftest import (
    CUBA_DENIAL,
    DENIALS,
    DONATION,
    FORMALISED,
    LI_QIANG,
    SPY_BASE,
    TOUR,
    WHITE_HOUSE,
)

CHN_CUB = Filter(pair="CHN-CUB")


def _links(rows) -> list[tuple[str, str, str, str, str]]:
    return [(r.source_uid, r.relation, r.target_uid, r.source_date, r.target_date) for r in rows]


def _in_view(db, where: Filter, span: tuple[str, str]) -> list[int]:
    return [r.id for r in timeline.events(db, where, span)[0]]


def test_view_links_lists_every_link_between_events_in_view(seeded_db):
    rows = view_links(seeded_db, _in_view(seeded_db, CHN_CUB, ("2022-01-01", "2023-12-31")))
    # The White House's claim of a base since 2019 lasts into the view.
    assert _links(rows)[:4] == [
        (WHITE_HOUSE, "responds-to", SPY_BASE, "2019", "2023-06"),
        (FORMALISED, "fulfils", DONATION, "2023-01", "2022-11"),
        (DENIALS, "denies", SPY_BASE, "2023-06", "2023-06"),
        (CUBA_DENIAL, "denies", SPY_BASE, "2023-06", "2023-06"),
    ]
    assert [r.relation for r in rows[4:]] == ["responds-to"] + ["part-of"] * 6
    assert (LI_QIANG, "part-of", TOUR, "2023-11-04", "2023-11") in _links(rows)


def test_view_links_needs_both_ends_in_view(seeded_db):
    # 2023 only: the pledge of 2022 is out of view, so its fulfils link is not listed.
    rows = view_links(seeded_db, _in_view(seeded_db, CHN_CUB, ("2023-01-01", "2023-12-31")))
    assert "fulfils" not in [r.relation for r in rows]
    assert len(rows) == 10


def test_view_links_needs_both_ends_in_the_filter(seeded_db):
    statements = Filter(pair="CHN-CUB", kinds=["statement"])
    assert view_links(seeded_db, _in_view(seeded_db, statements, ("2023", "2023"))) == []
    claims = Filter(pair="CHN-CUB", kinds=["statement", "security"])
    rows = view_links(seeded_db, _in_view(seeded_db, claims, ("2023", "2023")))
    assert {r.source_uid for r in rows} == {DENIALS, CUBA_DENIAL, WHITE_HOUSE}


def test_view_links_stops_at_the_limit(seeded_db):
    ids = _in_view(seeded_db, CHN_CUB, ("2022", "2023"))
    assert len(view_links(seeded_db, ids, limit=2)) == 2


def test_view_links_of_no_events_are_none(seeded_db):
    assert view_links(seeded_db, []) == []


def test_a_chain_runs_from_the_pledge_to_the_signing_with_the_signed_money(seeded_db):
    assert chains(seeded_db, CHN_CUB) == [
        Chain(
            uids=(DONATION, FORMALISED),
            first_date="2022-11",
            final_date="2023-01",
            final_uid=FORMALISED,
            final_kind="aid",
            final_status="signed",
            amount_usd=100e6,
        )
    ]


def _stage(db, uid, date, status, usd, target):
    add_record(
        db,
        Record(
            "CHN", "CUB", "loan", date, uid, amount=usd, currency="USD" if usd else "",
            status=status, uid=uid, links=[Link("fulfils", target)] if target else [],
        ),
    )  # fmt: skip


def test_a_cancelled_stage_never_counts_and_ties_go_to_the_latest(seeded_db):
    _stage(seeded_db, "loan-pledge", "2019", "pledged", 50e6, "")
    _stage(seeded_db, "loan-signed", "2020-03", "signed", 50e6, "loan-pledge")
    _stage(seeded_db, "loan-amended", "2020-09", "signed", 40e6, "loan-signed")
    _stage(seeded_db, "loan-cancelled", "2021", "cancelled", 40e6, "loan-amended")
    loan = [c for c in chains(seeded_db, CHN_CUB) if "loan-pledge" in c.uids]
    assert loan == [
        Chain(
            ("loan-pledge", "loan-signed", "loan-amended", "loan-cancelled"),
            "2019",
            "2020-09",
            "loan-amended",
            "loan",
            "signed",
            40e6,
        )
    ]


def test_two_stages_fulfilling_one_pledge_make_one_chain(seeded_db):
    _stage(seeded_db, "grant-pledge", "2019", "pledged", 10e6, "")
    _stage(seeded_db, "grant-part-a", "2020", "completed", 4e6, "grant-pledge")
    _stage(seeded_db, "grant-part-b", "2021", "in force", 6e6, "grant-pledge")
    (grant,) = [c for c in chains(seeded_db, CHN_CUB) if "grant-pledge" in c.uids]
    assert grant.uids == ("grant-pledge", "grant-part-a", "grant-part-b")
    assert (grant.final_uid, grant.amount_usd) == ("grant-part-a", 4e6)


def test_a_chain_whose_stages_are_all_cancelled_is_left_out(seeded_db):
    _stage(seeded_db, "gone-pledge", "2019", "cancelled", 1e6, "")
    _stage(seeded_db, "gone-signed", "2020", "cancelled", 1e6, "gone-pledge")
    assert all("gone-pledge" not in c.uids for c in chains(seeded_db, CHN_CUB))


def test_final_stage_ranks_statuses_before_dates():
    stages = [
        Stage(1, "a", "2019", "pledged", "pledged", 5.0),
        Stage(2, "b", "2018", "completed", "completed", 3.0),
        Stage(3, "c", "2020", "expected", "expected", None),
    ]
    assert final_stage(stages).uid == "b"
    assert final_stage([Stage(1, "a", "2019", "aid", "cancelled", 1.0)]) is None


def test_events_carry_the_claim_status_and_who_claims(seeded_db):
    rows, _ = timeline.events(seeded_db, CHN_CUB, ("2023-06-01", "2023-06-30"))
    claims = {r.title: (r.claim_status, r.claimed_by) for r in rows}
    assert claims["Report: China and Cuba discuss a Chinese spy base in Cuba"] == (
        "claimed",
        "The Wall Street Journal",
    )
    denial = get_record(seeded_db, record_id_for_uid(seeded_db, DENIALS)).title
    assert claims[denial] == ("established", "")

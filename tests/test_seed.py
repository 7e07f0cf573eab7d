"""The seed records hold what the seed article states, each with its sources and links."""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

import pytest

from bilateral.db.links import cycles, linked_from, links_to, unknown_targets
from bilateral.db.model import Link
from bilateral.db.query import Filter, list_ids
from bilateral.db.records import get_record, get_records, record_id_for_uid
from bilateral.db.seed import seed, seed_path

# The article the seed is drawn from, kept beside the tests so quotes can be checked.
ARTICLE = (Path(__file__).parent / "data" / "seed-article.txt").read_text(encoding="utf-8")
TOUR = "seed-chn-cub-marrero-tour-2023"
REPORT = "seed-chn-cub-spy-base-report-2023"
TWEET = "https://pic.twitter.com/aBJEr735bm"


def by_uid(db, uid):
    return get_record(db, record_id_for_uid(db, uid))


def all_records(db):
    return get_records(db, list_ids(db))


def squeeze(text):
    """Text with every run of whitespace as one space, for comparing quotes."""
    return " ".join(text.split())


def in_article(quote):
    """Whether the quote's pieces, cut at '...' (what it leaves out), appear in the
    article in that order."""
    article, start = squeeze(ARTICLE), 0
    for piece in (squeeze(p) for p in quote.split("...")):
        found = article.find(piece, start)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def test_seeding_twice_adds_nothing(seeded_db):
    with seed_path().open(encoding="utf-8", newline="") as f:
        rows = sum(1 for _ in csv.DictReader(f))
    report = seed(seeded_db)
    assert (report.added, report.skipped) == (0, rows)


def test_every_record_cites_the_article(seeded_db):
    assert all(
        any(s.publisher == "Breitbart News" and s.quote for s in r.sources)
        for r in all_records(seeded_db)
    )


def test_every_source_quote_is_verbatim_in_the_article(seeded_db):
    quotes = [s.quote for r in all_records(seeded_db) for s in r.sources if s.quote]
    assert [q for q in quotes if not in_article(q)] == []


def test_every_phrase_quoted_in_a_summary_is_in_the_article(seeded_db):
    # Summaries write straight quotes; the article writes curly ones.
    article = squeeze(ARTICLE).replace("“", '"').replace("”", '"').replace("’", "'")
    phrases = [p for r in all_records(seeded_db) for p in re.findall(r'"([^"]+)"', r.summary)]
    assert phrases and [p for p in phrases if p not in article] == []


def test_cited_outlets_are_sources(seeded_db):
    publishers = {s.publisher for r in all_records(seeded_db) for s in r.sources}
    assert {"The Wall Street Journal", "Miami Herald", "Xinhua"} <= publishers
    assert any("MMarreroCruz" in p for p in publishers)


def test_the_tweet_is_cited_with_the_url_the_article_gives(seeded_db):
    meeting = by_uid(seeded_db, "seed-chn-cub-li-qiang-meeting-2023")
    tweet = next(s for s in meeting.sources if "MMarreroCruz" in s.publisher)
    assert (tweet.url, tweet.published) == (TWEET, "2023-11-04")
    assert TWEET.removeprefix("https://") in ARTICLE


def test_bri_membership_is_known_to_the_year(seeded_db):
    membership = by_uid(seeded_db, "seed-chn-cub-bri-membership")
    assert (membership.actor, membership.partner, membership.kind) == ("CUB", "CHN", "membership")
    assert (membership.date, membership.date_precision, membership.status) == (
        "2021",
        "year",
        "in force",
    )


def test_diaz_canel_visit_is_on_25_november_2022(seeded_db):
    visit = by_uid(seeded_db, "seed-chn-cub-diaz-canel-visit-2022")
    assert (visit.kind, visit.date, visit.status) == ("visit", "2022-11-25", "completed")


def test_donation_is_pledged_when_announced_in_november_2022(seeded_db):
    donation = by_uid(seeded_db, "seed-chn-cub-donation-2022")
    assert (donation.kind, donation.actor, donation.partner, donation.status, donation.date) == (
        "aid",
        "CHN",
        "CUB",
        "pledged",
        "2022-11",
    )


def test_donation_is_formalised_in_january_2023(seeded_db):
    signed = by_uid(seeded_db, "seed-chn-cub-donation-formalised-2023")
    assert (signed.kind, signed.status, signed.date, signed.terms_disclosed) == (
        "aid",
        "signed",
        "2023-01",
        False,
    )
    assert signed.links == [Link("fulfils", "seed-chn-cub-donation-2022")]


@pytest.mark.parametrize(
    "uid", ["seed-chn-cub-donation-2022", "seed-chn-cub-donation-formalised-2023"]
)
def test_donation_stages_carry_the_source_stated_usd_value(seeded_db, uid):
    stage = by_uid(seeded_db, uid)
    assert (stage.amount, stage.currency, stage.amount_usd, stage.usd_basis) == (
        700_000_000,
        "CNY",
        100_000_000,
        "source",
    )
    assert stage.terms_disclosed is False


def test_largest_trading_partner_is_an_established_lasting_state(seeded_db):
    trade = by_uid(seeded_db, "seed-chn-cub-largest-trading-partner")
    assert (trade.kind, trade.direction, trade.status, trade.claim_status) == (
        "trade",
        "mutual",
        "in force",
        "established",
    )


def test_spy_base_report_is_a_claim_of_plans_for_a_base(seeded_db):
    report = by_uid(seeded_db, REPORT)
    assert (report.kind, report.pair, report.direction, report.date) == (
        "security",
        "CHN-CUB",
        "mutual",
        "2023-06",
    )
    assert (report.status, report.claim_status, report.claimed_by) == (
        "expected",
        "claimed",
        "The Wall Street Journal",
    )
    assert report.title.startswith("Report:")


@pytest.mark.parametrize(
    ("uid", "actor", "partner"),
    [
        ("seed-chn-cub-china-denial-2023", "CHN", "CUB"),
        ("seed-chn-cub-cuba-denial-2023", "CUB", "CHN"),
    ],
)
def test_each_government_denies_the_report_in_its_own_statement(seeded_db, uid, actor, partner):
    denial = by_uid(seeded_db, uid)
    assert (denial.actor, denial.partner, denial.kind, denial.date) == (
        actor,
        partner,
        "statement",
        "2023-06",
    )
    assert (denial.status, denial.claim_status) == ("completed", "established")
    assert denial.links == [Link("denies", REPORT)]


def test_no_record_merges_the_denials(seeded_db):
    assert record_id_for_uid(seeded_db, "seed-chn-cub-spy-base-denials-2023") is None


def test_white_house_remark_is_a_claim_of_a_base_since_2019(seeded_db):
    remark = by_uid(seeded_db, "seed-chn-cub-white-house-base-2019")
    assert (remark.kind, remark.pair, remark.date, remark.end_date, remark.status) == (
        "security",
        "CHN-CUB",
        "2019",
        "2023-06",
        "in force",
    )
    assert (remark.claim_status, remark.claimed_by) == ("claimed", "The White House")
    assert remark.links == [Link("responds-to", REPORT)]
    assert '"not accurate"' in remark.summary and "since 2019" in remark.summary


def test_report_lists_its_responses(seeded_db):
    responses = {(r.relation, r.uid) for r in linked_from(seeded_db, REPORT)}
    assert responses == {
        ("denies", "seed-chn-cub-china-denial-2023"),
        ("denies", "seed-chn-cub-cuba-denial-2023"),
        ("responds-to", "seed-chn-cub-white-house-base-2019"),
    }


def test_miami_herald_report_claims_espionage_since_at_least_1992(seeded_db):
    report = by_uid(seeded_db, "seed-chn-cub-espionage-report-2023")
    assert (report.kind, report.pair, report.date, report.end_date, report.status) == (
        "security",
        "CHN-CUB",
        "1992",
        "2023-07",
        "in force",
    )
    assert (report.claim_status, report.claimed_by) == ("claimed", "Miami Herald")
    assert "retired American intelligence official" in report.summary
    herald = next(s for s in report.sources if s.publisher == "Miami Herald")
    assert herald.published == "2023-07"


def test_every_claim_names_who_claims_it_as_the_article_does(seeded_db):
    claims = {
        r.uid: r.claimed_by for r in all_records(seeded_db) if r.claim_status != "established"
    }
    assert claims == {
        REPORT: "The Wall Street Journal",
        "seed-chn-cub-white-house-base-2019": "The White House",
        "seed-chn-cub-espionage-report-2023": "Miami Herald",
    }
    assert all(by.lower() in ARTICLE.lower() for by in claims.values())


def test_no_record_uses_a_kind_or_status_that_says_who_claims_it(seeded_db):
    records = all_records(seeded_db)
    assert {r.kind for r in records}.isdisjoint({"allegation"})
    assert {r.status for r in records}.isdisjoint({"alleged", "reported", "denied"})


def test_tour_ends_as_expected_on_9_november(seeded_db):
    tour = by_uid(seeded_db, TOUR)
    assert (tour.kind, tour.actor, tour.partner, tour.date, tour.end_date, tour.status) == (
        "visit",
        "CUB",
        "CHN",
        "2023-11",
        "2023-11-09",
        "expected",
    )


def test_tour_holds_its_meetings_agreements_and_the_expo(seeded_db):
    parts = {r.uid: r.kind for r in linked_from(seeded_db, TOUR) if r.relation == "part-of"}
    assert parts == {
        "seed-chn-cub-li-qiang-meeting-2023": "meeting",
        "seed-chn-cub-shanghai-agreements-2023": "agreement",
        "seed-chn-cub-ciie-2023": "trade",
        "seed-chn-cub-xi-marrero-meeting-2023": "meeting",
        "seed-chn-cub-hangzhou-meetings-2023": "meeting",
    }


def test_the_pair_has_one_visit_a_year_as_records(seeded_db):
    visits = [r.uid for r in all_records(seeded_db) if r.pair == "CHN-CUB" and r.kind == "visit"]
    assert sorted(visits) == ["seed-chn-cub-diaz-canel-visit-2022", TOUR]


def test_li_qiang_meeting_is_on_4_november_in_shanghai(seeded_db):
    meeting = by_uid(seeded_db, "seed-chn-cub-li-qiang-meeting-2023")
    assert (meeting.kind, meeting.date, meeting.location) == ("meeting", "2023-11-04", "Shanghai")


def test_shanghai_agreements_are_undisclosed_with_four_sectors(seeded_db):
    agreements = by_uid(seeded_db, "seed-chn-cub-shanghai-agreements-2023")
    assert agreements.sectors == [
        "transportation",
        "biotechnology",
        "agriculture",
        "digital television",
    ]
    assert (agreements.status, agreements.terms_disclosed) == ("signed", False)


def test_expo_is_over_the_weekend_of_4_and_5_november(seeded_db):
    expo = by_uid(seeded_db, "seed-chn-cub-ciie-2023")
    assert (expo.date, expo.end_date) == ("2023-11-04", "2023-11-05")


def test_xi_marrero_meeting_is_on_monday_6_november(seeded_db):
    meeting = by_uid(seeded_db, "seed-chn-cub-xi-marrero-meeting-2023")
    assert (meeting.kind, meeting.date, meeting.location) == ("meeting", "2023-11-06", "Beijing")
    assert datetime.date.fromisoformat(meeting.date).strftime("%A") == "Monday"


def test_hangzhou_meetings_are_known_to_the_month(seeded_db):
    meetings = by_uid(seeded_db, "seed-chn-cub-hangzhou-meetings-2023")
    assert (meetings.kind, meetings.date, meetings.location) == ("meeting", "2023-11", "Hangzhou")


def test_xi_statement_is_part_of_the_xi_meeting(seeded_db):
    statement = by_uid(seeded_db, "seed-chn-cub-xi-statement-2023")
    assert (statement.kind, statement.date) == ("statement", "2023-11-06")
    assert statement.links == [Link("part-of", "seed-chn-cub-xi-marrero-meeting-2023")]


def test_wang_wenbin_statement_responds_to_the_visit(seeded_db):
    statement = by_uid(seeded_db, "seed-chn-cub-wang-wenbin-statement-2023")
    assert (statement.kind, statement.date) == ("statement", "2023-11")
    assert [(r.relation, r.uid) for r in links_to(seeded_db, statement.uid)] == [
        ("responds-to", TOUR)
    ]


def test_belarus_visit_is_its_own_pair_expected_until_12_november(seeded_db):
    visit = by_uid(seeded_db, "seed-blr-cub-marrero-visit-2023")
    assert (visit.actor, visit.partner, visit.kind) == ("CUB", "BLR", "visit")
    assert (visit.date, visit.end_date, visit.status) == ("2023-11", "2023-11-12", "expected")


def test_no_china_cuba_record_is_coded_as_conflict(seeded_db):
    records = get_records(seeded_db, list_ids(seeded_db, Filter(pair="CHN-CUB")))
    assert records and [r.uid for r in records if r.quad_class in (3, 4)] == []


def test_seed_leaves_codes_to_the_kinds(seeded_db):
    with seed_path().open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {(row["cameo_code"], row["quad_class"]) for row in rows} == {("", "")}


def test_every_link_resolves_and_none_makes_a_cycle(seeded_db):
    assert (unknown_targets(seeded_db), cycles(seeded_db)) == ([], [])

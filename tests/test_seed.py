"""The seed records hold what the seed article states, each with its sources."""

from __future__ import annotations

from bilateral.db.query import Filter, count, list_ids, summarize
from bilateral.db.records import get_record, get_records, record_id_for_uid
from bilateral.db.seed import seed


def by_uid(db, uid):
    return get_record(db, record_id_for_uid(db, uid))


def test_seeding_twice_adds_nothing(seeded_db):
    report = seed(seeded_db)
    assert (report.added, report.skipped) == (0, 16)


def test_china_cuba_has_at_least_twelve_records(seeded_db):
    assert count(seeded_db, Filter(pair="CHN-CUB")) >= 12


def test_every_record_cites_the_article(seeded_db):
    records = get_records(seeded_db, list_ids(seeded_db))
    assert all(any(s.publisher == "Breitbart News" for s in r.sources) for r in records)


def test_cited_outlets_are_sources(seeded_db):
    records = get_records(seeded_db, list_ids(seeded_db))
    publishers = {s.publisher for r in records for s in r.sources}
    assert {"The Wall Street Journal", "Miami Herald", "Xinhua"} <= publishers
    assert any("MMarreroCruz" in p for p in publishers)


def test_donation_carries_the_source_stated_usd_value(seeded_db):
    donation = by_uid(seeded_db, "seed-chn-cub-donation-2022")
    assert (donation.amount, donation.currency, donation.amount_usd, donation.usd_basis) == (
        700_000_000,
        "CNY",
        100_000_000,
        "source",
    )
    assert (donation.status, donation.date, donation.terms_disclosed) == (
        "signed",
        "2022-11",
        False,
    )


def test_bri_membership_is_known_to_the_year(seeded_db):
    membership = by_uid(seeded_db, "seed-chn-cub-bri-membership")
    assert (membership.kind, membership.date, membership.date_precision, membership.status) == (
        "membership",
        "2021",
        "year",
        "in force",
    )


def test_xi_marrero_meeting_is_on_monday_6_november(seeded_db):
    meeting = by_uid(seeded_db, "seed-chn-cub-xi-marrero-meeting-2023")
    assert (meeting.date, meeting.location) == ("2023-11-06", "Beijing")


def test_shanghai_agreements_are_undisclosed_with_four_sectors(seeded_db):
    agreements = by_uid(seeded_db, "seed-chn-cub-shanghai-agreements-2023")
    assert agreements.sectors == [
        "transportation",
        "biotechnology",
        "agriculture",
        "digital television",
    ]
    assert agreements.terms_disclosed is False


def test_belarus_visit_is_its_own_pair(seeded_db):
    visit = by_uid(seeded_db, "seed-blr-cub-marrero-visit-2023")
    assert (visit.pair, visit.end_date) == ("BLR-CUB", "2023-11-12")


def test_spy_base_report_and_denial_are_both_there(seeded_db):
    rows = list(
        summarize(seeded_db, "month", Filter(pair="CHN-CUB", since="2023-06", until="2023-06"))
    )
    # The Belt and Road membership, in force since 2021, is in June 2023 too.
    assert {(r.kind, r.records) for r in rows} == {
        ("allegation", 1),
        ("statement", 1),
        ("membership", 1),
    }

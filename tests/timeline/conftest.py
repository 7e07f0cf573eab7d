"""Fixtures for the timeline: a panel drawn on the seed data, and a way to wait for redraws."""

from __future__ import annotations

import dataclasses

import pytest

from bilateral.db.model import Link, Record
from bilateral.db.records import add_record, get_record, record_id_for_uid, update_record
from bilateral.db.store import open_database
from bilateral.desktop.timeline import TimelinePanel

TOUR = "seed-chn-cub-marrero-tour-2023"
LI_QIANG = "seed-chn-cub-li-qiang-meeting-2023"
DONATION = "seed-chn-cub-donation-2022"
FORMALISED = "test-chn-cub-donation-formalised-2023"
SPY_BASE = "seed-chn-cub-spy-base-report-2023"
DENIALS = "seed-chn-cub-spy-base-denials-2023"
WHITE_HOUSE = "test-chn-cub-white-house-remark-2023"


def edit_record(db, uid: str, **changes) -> None:
    record_id = record_id_for_uid(db, uid)
    update_record(db, record_id, dataclasses.replace(get_record(db, record_id), **changes))


def add_links(db) -> None:
    """Links the seed does not hold yet: a meeting within the tour, the donation pledged in
    2022 and formalised in 2023, and the spy-base report as a claim with its responses."""
    edit_record(db, LI_QIANG, links=[Link("part-of", TOUR)])
    edit_record(db, DONATION, status="pledged")
    add_record(
        db,
        Record(
            "CHN", "CUB", "aid", "2023-01", "China's donation to Cuba formalised",
            amount=700e6, currency="CNY", amount_usd=100e6, usd_basis="source",
            status="signed", uid=FORMALISED, links=[Link("fulfils", DONATION)],
        ),
    )  # fmt: skip
    edit_record(db, SPY_BASE, claimed_by="The Wall Street Journal")
    edit_record(db, DENIALS, links=[Link("denies", SPY_BASE)])
    add_record(
        db,
        Record(
            "CHN", "CUB", "statement", "2023-06", "White House: the report is not accurate",
            direction="mutual", claim_status="claimed", claimed_by="The White House",
            uid=WHITE_HOUSE, links=[Link("responds-to", SPY_BASE)],
        ),
    )  # fmt: skip


@pytest.fixture
def linked_path(seeded_path):
    """Path of a seeded database with a part-of link, a fulfils chain and a claim thread."""
    db = open_database(seeded_path)
    try:
        add_links(db)
    finally:
        db.close()
    return seeded_path


@pytest.fixture
def linked_db(linked_path):
    """The seeded database with links (see ``linked_path``)."""
    db = open_database(linked_path)
    yield db
    db.close()


@pytest.fixture
def panel(qtbot, seeded_path):
    """The timeline panel on a fresh seeded database, shown at 1200×600 and fully drawn."""
    widget = TimelinePanel(seeded_path)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    with qtbot.waitSignal(widget.drawn, timeout=5000):
        widget.show()
    return widget


@pytest.fixture
def redraw(qtbot):
    """Run an action on the panel and wait until its plots are drawn again."""

    def run(panel, action, *args):
        with qtbot.waitSignal(panel.drawn, timeout=5000):
            action(*args)

    return run


@pytest.fixture
def uid_id(seeded_path):
    """The id of a seed record, by its uid."""

    def find(uid: str) -> int:
        db = open_database(seeded_path)
        try:
            return record_id_for_uid(db, uid)
        finally:
            db.close()

    return find

"""Fixtures for the timeline: a panel drawn on the seed data, and a way to wait for redraws."""

from __future__ import annotations

import dataclasses

import pytest

from bilateral.db.records import get_record, record_id_for_uid, update_record
from bilateral.db.store import open_database
from bilateral.desktop.timeline import TimelinePanel

TOUR = "seed-chn-cub-marrero-tour-2023"
LI_QIANG = "seed-chn-cub-li-qiang-meeting-2023"
DONATION = "seed-chn-cub-donation-2022"
FORMALISED = "seed-chn-cub-donation-formalised-2023"
SPY_BASE = "seed-chn-cub-spy-base-report-2023"
DENIALS = "seed-chn-cub-china-denial-2023"
CUBA_DENIAL = "seed-chn-cub-cuba-denial-2023"
WHITE_HOUSE = "seed-chn-cub-white-house-base-2019"


def edit_record(db, uid: str, **changes) -> None:
    record_id = record_id_for_uid(db, uid)
    update_record(db, record_id, dataclasses.replace(get_record(db, record_id), **changes))


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

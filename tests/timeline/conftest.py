"""Fixtures for the timeline: a panel drawn on the seed data, and a way to wait for redraws."""

from __future__ import annotations

import pytest

from bilateral.db.records import record_id_for_uid
from bilateral.db.store import open_database
from bilateral.desktop.timeline import TimelinePanel


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

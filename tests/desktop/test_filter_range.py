"""The filter bar's dates keep every record whose span overlaps them, as the CLI does."""

from __future__ import annotations

from PySide6.QtTest import QTest

from bilateral.db.records import record_id_for_uid

MEMBERSHIP = "seed-chn-cub-bri-membership"  # dated 2021, in force, no end date


def test_the_filter_bar_since_keeps_a_membership_in_force_since_before(window, seeded_db, qtbot):
    membership = record_id_for_uid(seeded_db, MEMBERSHIP)
    before = window.model.rowCount()
    QTest.keyClicks(window.filter_bar.since, "2023-11-07")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < before)
    assert membership in window.model.ids()

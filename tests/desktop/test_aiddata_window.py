"""The window imports AidData's GCDF projects, told by their header, through the same preview."""

from __future__ import annotations

from pathlib import Path

from bilateral.db.records import count_records, record_by_uid

SAMPLE = Path(__file__).parents[1] / "data" / "aiddata-gcdf3-sample.csv"


def test_the_preview_counts_the_projects_and_the_import_adds_them(qtbot, window, seeded_db):
    task = window.files.import_csv(SAMPLE)
    qtbot.waitUntil(lambda: task.done)
    dialog = window.files.flow.dialog
    assert (
        dialog.headline.text() == "27 records will be added, 0 updated, 0 unchanged, 0 conflicts."
    )
    assert count_records(seeded_db) == 19  # nothing written before the preview is confirmed
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.files.flow.import_task.done)
    assert count_records(seeded_db) == 19 + 27
    assert record_by_uid(seeded_db, "aiddata-43110").partner == "CUB"

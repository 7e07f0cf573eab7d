"""An import from the window is checked first; nothing is written until the preview is confirmed."""

from __future__ import annotations

import pytest
from csv_helpers import write_rows

from bilateral.db import backup
from bilateral.db.errors import Cancelled
from bilateral.db.records import count_records


@pytest.fixture
def three_new(seed_rows, tmp_path):
    """The seed records again, and three new ones."""
    new = [{**seed_rows[0], "uid": f"new-{n}", "title": f"New {n}"} for n in range(3)]
    return write_rows(tmp_path / "three-new.csv", seed_rows + new)


def _preview(qtbot, window, path):
    task = window.files.import_csv(path)
    qtbot.waitUntil(lambda: task.done)
    return window.files.flow.dialog


def test_the_preview_counts_what_the_import_would_do(qtbot, window, three_new):
    dialog = _preview(qtbot, window, three_new)
    assert (
        dialog.headline.text() == "3 records will be added, 0 updated, 19 unchanged, 0 conflicts."
    )


def test_nothing_is_written_while_the_preview_is_open(qtbot, window, three_new, seeded_db):
    dialog = _preview(qtbot, window, three_new)
    assert (dialog.isVisible(), count_records(seeded_db)) == (True, 19)


def test_import_in_the_preview_imports_the_records(qtbot, window, three_new, seeded_db):
    _preview(qtbot, window, three_new).import_button.click()
    qtbot.waitUntil(lambda: window.files.flow.import_task.done)
    assert (count_records(seeded_db), window.pairs.topLevelItem(0).text(1)) == (22, "22")


def test_cancel_at_the_preview_changes_nothing(qtbot, window, three_new, seeded_db):
    _preview(qtbot, window, three_new).cancel_button.click()
    assert (window.files.flow.import_task, count_records(seeded_db)) == (None, 19)


def test_a_file_with_problems_lists_them_and_offers_no_import(
    qtbot, window, seed_rows, tmp_path, seeded_db
):
    bad = [
        {**seed_rows[0], "uid": "bad-date", "date": "2023-02-30"},
        {**seed_rows[0], "uid": "bad-amount", "amount": "NaN"},
    ]
    dialog = _preview(qtbot, window, write_rows(tmp_path / "bad.csv", bad))
    reasons = [dialog.problems.item(row, 1).text() for row in range(dialog.problems.rowCount())]
    assert (reasons[:2], dialog.import_button.isVisible(), count_records(seeded_db)) == (
        ["date", "amount"],
        False,
        19,
    )


def test_the_database_is_backed_up_before_an_import_writes(qtbot, window, three_new, seeded_path):
    qtbot.waitUntil(lambda: window.backups.daily.done)
    _preview(qtbot, window, three_new).import_button.click()
    qtbot.waitUntil(lambda: window.files.flow.import_task.done)
    assert [b.records for b in backup.list_backups(seeded_path)] == [19, 19]


def test_cancelling_the_confirmed_import_changes_nothing(qtbot, window, three_new, seeded_db):
    _preview(qtbot, window, three_new).import_button.click()
    task = window.files.flow.import_task
    with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
        task.cancel()
    assert (isinstance(failed.args[0], Cancelled), count_records(seeded_db)) == (True, 19)

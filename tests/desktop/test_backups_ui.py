"""The window backs a database up off the UI thread on opening, and restores a chosen backup."""

from __future__ import annotations

import threading

import pytest

from bilateral.db import backup
from bilateral.db.records import Record, add_record, count_records
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.files import tasks
from bilateral.desktop.shell.actions import ActionId
from bilateral.desktop.shell.main_window import MainWindow


def _settled(qtbot, window):
    """Wait for the daily backup that opening the window started."""
    qtbot.waitUntil(lambda: window.backups.daily.done)


def _listed_dialog(qtbot, window):
    dialog = window.backups.open_dialog()
    qtbot.waitUntil(lambda: window.backups.listing.done)
    return dialog


def _add(db, title="Added after the backup"):
    return add_record(db, Record("CHN", "CUB", "visit", "2024-01-05", title))


@pytest.fixture
def backed_up(qtbot, window, seeded_db, seeded_path):
    """A window whose database gained a record after its opening backup."""
    _settled(qtbot, window)
    record_id = _add(seeded_db)
    window.data_changed(record_id)
    return window


def test_opening_a_database_backs_it_up_off_the_ui_thread(qtbot, seeded_db, monkeypatch):
    threads = []

    def recording(db, db_file):
        threads.append(threading.current_thread())
        return backup.backup_if_due(db, db_file)

    monkeypatch.setattr(tasks, "backup_if_due", recording)
    window = MainWindow(seeded_db, Settings())
    qtbot.addWidget(window)
    _settled(qtbot, window)
    made = backup.list_backups(window.database_file())
    assert (threads[0] is not threading.main_thread(), [b.records for b in made]) == (True, [19])


def test_a_read_only_window_makes_no_backup(qtbot, seeded_db):
    window = MainWindow(seeded_db, Settings(), read_only=True)
    qtbot.addWidget(window)
    assert window.backups.back_up_if_due() is None


def test_the_restore_action_opens_the_dialog_from_the_file_menu(window):
    action = window.action_map[ActionId.RESTORE_BACKUP]
    action.trigger()
    assert (action in window.menus["file"].actions(), window.backups.dialog.isVisible()) == (
        True,
        True,
    )


def test_the_dialog_lists_the_backups_newest_first_with_their_record_counts(
    qtbot, backed_up, seeded_db, seeded_path
):
    newest = backup.make_backup(seeded_db, seeded_path)
    dialog = _listed_dialog(qtbot, backed_up)
    rows = [
        tuple(dialog.table.item(row, column).text() for column in (1, 2))
        for row in range(dialog.table.rowCount())
    ]
    assert rows == [("20", newest.name), ("19", backup.list_backups(seeded_path)[1].path.name)]


def _answer(window, text: str) -> str:
    """Click ``text`` in the question asked before restoring; the question's text."""
    box = window.backups.question
    question = box.text()
    next(b for b in box.buttons() if b.text() == text).click()
    return question


def test_restoring_asks_first_with_the_record_counts(qtbot, backed_up, seeded_path):
    dialog = _listed_dialog(qtbot, backed_up)
    dialog.restore_button.click()
    question = _answer(backed_up, "Cancel")
    assert question.startswith(f"Replace the 20 records of {seeded_path.name} with the backup of ")
    assert "(19 records)?" in question and "The 20 records are backed up first" in question
    assert backed_up.backups.restoring is None and count_records(backed_up.db) == 20


def test_restoring_a_backup_shows_its_records_in_the_window(qtbot, backed_up):
    dialog = _listed_dialog(qtbot, backed_up)
    dialog.restore_button.click()
    _answer(backed_up, "Restore")
    qtbot.waitUntil(lambda: backed_up.backups.restoring.done)
    shown = {backed_up.model.record_id(r) for r in range(backed_up.model.rowCount())}
    assert (count_records(backed_up.db), backed_up.pairs.topLevelItem(0).text(1), len(shown)) == (
        19,
        "19",
        18,  # China–Cuba, the busiest pair, is shown
    )


def test_restoring_saves_the_records_it_replaces_as_a_backup(qtbot, backed_up, seeded_path):
    dialog = _listed_dialog(qtbot, backed_up)
    dialog.restore_button.click()
    _answer(backed_up, "Restore")
    qtbot.waitUntil(lambda: backed_up.backups.restoring.done)
    assert [b.records for b in backup.list_backups(seeded_path)] == [20, 19]


def test_restoring_clears_the_undo_history(qtbot, backed_up, answer):
    backed_up.select_record(backed_up.model.record_id(0))
    backed_up.action_map[ActionId.DELETE_RECORD].trigger()
    answer("Delete")
    dialog = _listed_dialog(qtbot, backed_up)
    dialog.restore_button.click()
    _answer(backed_up, "Restore")
    qtbot.waitUntil(lambda: backed_up.backups.restoring.done)
    assert backed_up.editing.stack.count() == 0


def test_the_number_of_backups_kept_is_saved_in_the_database(qtbot, window, seeded_db):
    dialog = _listed_dialog(qtbot, window)
    dialog.keep.setValue(3)
    dialog.reject()
    assert backup.kept(seeded_db) == 3


def test_a_read_only_window_cannot_restore(qtbot, seeded_db):
    window = MainWindow(seeded_db, Settings(), read_only=True)
    qtbot.addWidget(window)
    backup.make_backup(seeded_db, window.database_file())
    dialog = _listed_dialog(qtbot, window)
    assert (dialog.table.rowCount(), dialog.restore_button.isEnabled()) == (1, False)

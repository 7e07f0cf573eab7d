"""Opening a record and saving it unchanged writes nothing: no new time, no undo step, no revision."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bilateral.db import history
from bilateral.db.records import get_record


def _open_current_with_enter(window, qtbot):
    window.table.setFocus()
    with qtbot.waitSignal(window.editing.dialogOpened) as opened:
        QTest.keyClick(window.table, Qt.Key.Key_Return)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _state(window, record_id):
    record = get_record(window.db, record_id)
    return (
        record.updated_at,
        window.editing.stack.count(),
        len(history.revisions(window.db, record.uid)),
    )


def test_enter_enter_on_a_record_leaves_it_as_stored(window, qtbot):
    record_id = window.table.current_record_id()
    before = _state(window, record_id)
    dialog = _open_current_with_enter(window, qtbot)
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert (dialog.isVisible(), _state(window, record_id)) == (False, before)


def test_a_change_that_normalises_to_the_stored_value_is_no_undo_step(window, qtbot):
    record_id = window.table.current_record_id()
    before = _state(window, record_id)
    dialog = _open_current_with_enter(window, qtbot)
    dialog.form.title.setFocus()
    dialog.form.title.end(False)
    QTest.keyClicks(dialog.form.title, "  ")  # typed, but stripped on saving
    QTest.keyClick(dialog.form.title, Qt.Key.Key_Return)
    assert (dialog.isVisible(), _state(window, record_id)) == (False, before)


def test_a_real_change_is_still_saved_with_an_undo_step(window, qtbot):
    record_id = window.table.current_record_id()
    _, steps, revisions = _state(window, record_id)
    dialog = _open_current_with_enter(window, qtbot)
    dialog.form.title.setFocus()
    dialog.form.title.end(False)
    QTest.keyClicks(dialog.form.title, " (revised)")
    QTest.keyClick(dialog.form.title, Qt.Key.Key_Return)
    record = get_record(window.db, record_id)
    assert (
        record.title.endswith("(revised)"),
        window.editing.stack.count(),
        len(history.revisions(window.db, record.uid)),
    ) == (True, steps + 1, revisions + 1)

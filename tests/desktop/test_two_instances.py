"""A second program writing the same file: the window picks its changes up, and a locked write is refused cleanly."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QMessageBox

from bilateral.db import query
from bilateral.db.connection import connect
from bilateral.db.records import get_record, record_id_for_uid, update_record
from bilateral.desktop.shell.actions import ActionId


@pytest.fixture
def locked(window, seeded_path):
    """Another program holds the write lock; the window gives up after a short wait."""
    window.db.execute("PRAGMA busy_timeout = 50")
    holder = connect(seeded_path)
    holder.conn.execute("BEGIN IMMEDIATE")
    yield holder
    holder.conn.rollback()
    holder.close()


def _espionage(db):
    return query.list_ids(db, query.Filter(text="espionage"))[0]


def _messages(window):
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_a_title_changed_by_another_program_appears_once_the_file_changes(qtbot, window, other):
    record_id = _espionage(window.db)
    window.select_record(record_id)
    with qtbot.waitSignal(window.watch.changedElsewhere, timeout=3000):
        update_record(other, record_id, replace(get_record(other, record_id), title="Renamed"))
    row = window.model.row_of(record_id)
    assert (
        window.model.index(row, 2).data(),
        window.table.current_record_id(),
        window.detail.toPlainText().splitlines()[0],
    ) == ("Renamed", record_id, "Renamed")


def test_the_timeline_is_redrawn_after_a_change_elsewhere(qtbot, window, other, monkeypatch):
    redrawn = []
    monkeypatch.setattr(window.timeline, "refresh", lambda: redrawn.append(True))
    record_id = _espionage(other)
    update_record(other, record_id, replace(get_record(other, record_id), title="Renamed"))
    assert (window.watch.check(), redrawn) == (True, [True])


def test_the_windows_own_edits_are_not_taken_for_changes_elsewhere(window, answer):
    window.select_record(_espionage(window.db))
    window.action_map[ActionId.DELETE_RECORD].trigger()
    answer("Delete")
    assert window.watch.check() is False


def test_an_import_by_the_window_is_read_once_not_again_at_the_poll(qtbot, window, other):
    record_id = _espionage(other)
    update_record(other, record_id, replace(get_record(other, record_id), title="Renamed"))
    window.data_changed()  # as after an import, which writes on its own connection
    assert window.watch.check() is False


def test_a_delete_while_another_program_writes_is_refused_with_a_message(window, locked, answer):
    record_id = _espionage(window.db)
    window.select_record(record_id)
    window.action_map[ActionId.DELETE_RECORD].trigger()
    answer("Delete")
    (message,) = _messages(window)
    assert (
        "in use by another program" in message,
        window.editing.stack.count(),
        get_record(window.db, record_id).id,
    ) == (True, 0, record_id)


def _delete_then_undo_while_locked(window, path, record_id: int, answer) -> None:
    """Delete ``record_id``, then press Undo while another connection holds the write lock."""
    window.select_record(record_id)
    window.action_map[ActionId.DELETE_RECORD].trigger()
    answer("Delete")
    window.db.execute("PRAGMA busy_timeout = 50")
    holder = connect(path)
    holder.conn.execute("BEGIN IMMEDIATE")
    window.action_map[ActionId.UNDO].trigger()
    holder.conn.rollback()
    holder.close()


def test_an_undo_while_another_program_writes_leaves_the_stack_where_it_was(
    window, seeded_path, answer
):
    record_id = _espionage(window.db)
    uid = get_record(window.db, record_id).uid
    _delete_then_undo_while_locked(window, seeded_path, record_id, answer)
    stack = window.editing.stack
    assert (stack.index(), stack.canUndo(), record_id_for_uid(window.db, uid)) == (1, True, None)


def test_undo_succeeds_once_the_other_program_is_done(window, seeded_path, answer):
    record_id = _espionage(window.db)
    _delete_then_undo_while_locked(window, seeded_path, record_id, answer)
    window.action_map[ActionId.UNDO].trigger()
    assert get_record(window.db, record_id).id == record_id

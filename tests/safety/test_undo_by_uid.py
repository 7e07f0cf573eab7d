"""Undo and redo touch only the record the command left, found by uid, never another writer's."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from bilateral.db.records import Record, add_record, delete_record, get_record, update_record
from bilateral.desktop.records.commands import AddRecord, EditRecord
from bilateral.desktop.records.editing import Editing


@pytest.fixture
def editing(qtbot, seeded_db):
    parent = QWidget()
    qtbot.addWidget(parent)
    return Editing(seeded_db, parent, lambda: "")


def _push(editing, build):
    editing.stack.push(build(editing.db, editing.changed.emit, editing._failed))


def _messages(editing) -> list[str]:
    return [b.text() for b in editing.window.findChildren(QMessageBox) if b.isVisible()]


def _reuse_id(other, record_id: int) -> int:
    """Another program deletes the record and adds its own, which gets the same id."""
    delete_record(other, record_id)
    reused = add_record(other, Record("CHN", "CUB", "visit", "2024", "Someone else's"))
    assert reused == record_id
    return reused


def test_undo_of_an_add_after_the_id_was_reused_leaves_the_other_record(editing, other, figures):
    record = Record("CHN", "CUB", "visit", "2024", "Mine")
    _push(editing, lambda db, c, f: AddRecord(db, record, c, f))
    record_id = editing.stack.command(0).record_id
    _reuse_id(other, record_id)
    editing.undo()
    kept = get_record(other, record_id).title == "Someone else's"
    figures["edit conflicts"]["undos refused after id reuse"] += 1
    figures["edit conflicts"]["other writers' records deleted by undo"] += not kept
    assert kept


def test_undo_of_an_edit_after_the_id_was_reused_leaves_the_other_record(editing, other):
    record_id = editing.db.execute("SELECT max(id) FROM records").fetchone()[0]
    new = replace(get_record(editing.db, record_id), title="Mine")
    _push(editing, lambda db, c, f: EditRecord(db, record_id, new, c, f))
    _reuse_id(other, record_id)
    editing.undo()
    assert get_record(other, record_id).title == "Someone else's"


def test_a_refused_undo_says_why_and_drops_the_command(editing, other):
    record = Record("CHN", "CUB", "visit", "2024", "Mine")
    _push(editing, lambda db, c, f: AddRecord(db, record, c, f))
    _reuse_id(other, editing.stack.command(0).record_id)
    editing.undo()
    (message,) = _messages(editing)
    assert ("deleted by another program" in message, editing.stack.count()) == (True, 0)


def test_undo_of_an_edit_changed_since_by_another_program_is_refused(editing, other):
    record_id = editing.db.execute("SELECT max(id) FROM records").fetchone()[0]
    new = replace(get_record(editing.db, record_id), title="Mine")
    _push(editing, lambda db, c, f: EditRecord(db, record_id, new, c, f))
    update_record(other, record_id, replace(get_record(other, record_id), summary="Theirs"))
    editing.undo()
    stored = get_record(other, record_id)
    assert (stored.title, stored.summary) == ("Mine", "Theirs")


def test_redo_of_an_undone_edit_changed_since_by_another_program_is_refused(editing, other):
    record_id = editing.db.execute("SELECT max(id) FROM records").fetchone()[0]
    new = replace(get_record(editing.db, record_id), title="Mine")
    _push(editing, lambda db, c, f: EditRecord(db, record_id, new, c, f))
    editing.undo()
    update_record(other, record_id, replace(get_record(other, record_id), summary="Theirs"))
    editing.redo()
    assert get_record(other, record_id).summary == "Theirs"


def test_undo_and_redo_of_an_edit_work_when_nobody_else_wrote(editing):
    record_id = editing.db.execute("SELECT max(id) FROM records").fetchone()[0]
    old = get_record(editing.db, record_id)
    _push(editing, lambda db, c, f: EditRecord(db, record_id, replace(old, title="Mine"), c, f))
    editing.undo()
    undone = get_record(editing.db, record_id).title
    editing.redo()
    assert (undone, get_record(editing.db, record_id).title) == (old.title, "Mine")

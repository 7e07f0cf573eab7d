"""Add, edit and delete are commands on the undo stack that change the database and nothing else."""

from __future__ import annotations

from typing_helpers import fill_valid

from bilateral.db import query
from bilateral.db.records import count_records, get_record, record_id_for_uid
from bilateral.desktop.shell.actions import ActionId


def _add_through_dialog(window):
    dialog = window.editing.add()
    fill_valid(dialog.form)
    dialog.save_button.click()
    return query.list_ids(window.db, query.Filter(text="Rice donation"))[0]


def test_add_undo_redo_leaves_the_record_added_once_with_its_id_and_uid(window, seeded_db):
    record_id = _add_through_dialog(window)
    added = get_record(seeded_db, record_id)
    window.editing.stack.undo()
    gone = record_id_for_uid(seeded_db, added.uid)
    window.editing.stack.redo()
    back = get_record(seeded_db, record_id)
    assert (gone, back.uid, back.title, count_records(seeded_db)) == (
        None,
        added.uid,
        "Rice donation",
        20,
    )


def test_delete_then_undo_restores_the_record_with_all_its_sources(window, seeded_db, answer):
    record_id = query.list_ids(seeded_db, query.Filter(text="espionage"))[0]
    before = get_record(seeded_db, record_id)
    window.select_record(record_id)
    window.action_map[ActionId.DELETE_RECORD].trigger()
    assert "Delete 1 record" in answer("Delete")
    deleted = record_id_for_uid(seeded_db, before.uid) is None
    window.editing.stack.undo()
    assert (deleted, get_record(seeded_db, record_id)) == (True, before)

"""The History tab, File › Imports… and Edit › Deleted records…: revisions read, reverted,
imports undone and deleted records brought back, each through the window."""

from __future__ import annotations

import pytest
from csv_helpers import write_rows
from PySide6.QtWidgets import QMessageBox

from bilateral.db import batches, csvfile, history, links
from bilateral.db.records import get_record, record_id_for_uid, update_record
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.files.imports_dialog import ImportsDialog
from bilateral.desktop.records.deleted_dialog import DeletedDialog
from bilateral.desktop.shell.actions import ActionId
from bilateral.desktop.shell.main_window import MainWindow

TOUR = "seed-chn-cub-marrero-tour-2023"


def _title(db, uid):
    return get_record(db, record_id_for_uid(db, uid)).title


def _import(window, db, path):
    """Import ``path`` as another program would, then let the window read it."""
    csvfile.import_records(db, path)
    window.data_changed()


@pytest.fixture
def edited(window, seeded_db, seed_rows, tmp_path):
    """An import that changed the title of the third seed record and added one record:
    (uid changed, old title, uid added)."""
    uid, old = seed_rows[2]["uid"], seed_rows[2]["title"]
    seed_rows[2]["title"] = "Corrected <b>title</b>"
    added = {**seed_rows[3], "uid": "added-by-import", "title": "Added by the import"}
    _import(window, seeded_db, write_rows(tmp_path / "edited.csv", [*seed_rows, added]))
    return uid, old, "added-by-import"


def _history_of(qtbot, window, uid):
    window.select_uid(uid)
    window.detail_tabs.setCurrentWidget(window.history)
    qtbot.waitUntil(lambda: window.history.record is not None and window.history.record.uid == uid)
    return window.history


def _open(window, action, kind):
    window.action_map[action].trigger()
    return window.findChildren(kind)[-1]


def test_the_history_tab_shows_an_imports_title_change_with_its_batch(
    qtbot, window, edited, seeded_db
):
    uid, old, _ = edited
    pane = _history_of(qtbot, window, uid)
    newest, first = pane.texts()[0], pane.texts()[-1]
    assert newest.splitlines()[0].endswith(
        " · edited · import edited.csv (batch 2)"
    )  # the seed is batch 1
    assert f"    title: {old!r} → 'Corrected <b>title</b>'" in newest.splitlines()
    assert first.startswith("1 · ") and not pane.revert_button.isEnabled()
    window.detail_tabs.grab().save("/tmp/historyui14/history_tab.png")


def test_the_newest_version_and_a_deletion_cannot_be_reverted_to(qtbot, window, edited):
    pane = _history_of(qtbot, window, edited[0])
    pane.select_number(pane.revisions[0].number)
    newest = pane.revert_button.isEnabled()
    pane.select_number(1)
    assert (newest, pane.revert_button.isEnabled()) == (False, True)


def test_revert_from_the_tab_is_a_revision_and_undo_puts_the_import_back(
    qtbot, window, edited, seeded_db
):
    uid, old, _ = edited
    pane = _history_of(qtbot, window, uid)
    pane.select_number(1)
    pane.revert_button.click()
    reverted, count = _title(seeded_db, uid), len(history.revisions(seeded_db, uid))
    qtbot.waitUntil(lambda: len(pane.texts()) == count)
    assert pane.texts()[0].splitlines()[0].endswith(" · edited · revert to version 1")
    assert window.detail.record.title == old
    window.action_map[ActionId.UNDO].trigger()
    qtbot.waitUntil(lambda: len(pane.texts()) == count + 1)
    assert (reverted, count, _title(seeded_db, uid)) == (old, 3, "Corrected <b>title</b>")
    assert pane.texts()[0].splitlines()[0].endswith(" · revert to version 2 (undo)")
    window.grab().save("/tmp/historyui14/window_history.png")


def test_a_revert_of_a_record_changed_elsewhere_is_refused(qtbot, window, edited, seeded_db):
    uid, old, _ = edited
    pane = _history_of(qtbot, window, uid)
    stored = get_record(seeded_db, record_id_for_uid(seeded_db, uid))
    stored.title = "Changed by another program"
    update_record(seeded_db, stored.id, stored)
    pane.select_number(1)
    pane.revert_button.click()
    box = window.findChildren(QMessageBox)[-1]
    assert "since it was read" in box.text()
    assert _title(seeded_db, uid) == "Changed by another program"
    assert window.editing.stack.count() == 0


def test_the_imports_dialog_lists_the_batch_and_undo_import_puts_things_back(
    qtbot, window, edited, seeded_db, questions
):
    uid, old, added = edited
    dialog = _open(window, ActionId.IMPORTS, ImportsDialog)
    row = dialog.rows()[0]
    assert (row[0], row[2:4], row[5:]) == ("2", ["import", "edited.csv"], ["1", "1", "18", "0", ""])
    dialog.grab().save("/tmp/historyui14/imports.png")
    questions.answer = "Undo import"
    task = dialog.undo()
    qtbot.waitUntil(lambda: task.done)
    assert "The 1 record it added will be deleted, and the 1 record it updated" in (
        questions.boxes[0].text()
    )
    assert (_title(seeded_db, uid), record_id_for_uid(seeded_db, added)) == (old, None)
    assert dialog.rows()[0][9] != "" and not dialog.undo_button.isEnabled()
    qtbot.waitUntil(lambda: "Undid import 2" in window.statusBar().currentMessage())
    dialog.grab().save("/tmp/historyui14/imports_undone.png")


def _touch(seeded_db, uid):
    stored = get_record(seeded_db, record_id_for_uid(seeded_db, uid))
    stored.summary = "Changed after the import"
    update_record(seeded_db, stored.id, stored)


def test_undoing_a_touched_import_says_why_and_cancel_changes_nothing(
    qtbot, window, edited, seeded_db, questions
):
    uid, _, added = edited
    _touch(seeded_db, uid)
    dialog = _open(window, ActionId.IMPORTS, ImportsDialog)
    questions.answer = "Undo import"  # the first question; the second is cancelled
    task = dialog.undo()
    qtbot.waitUntil(lambda: task.done)
    touched = questions.boxes[-1].text()
    assert "1 of its records changed after it" in touched and uid in touched
    assert "“Undo the rest” undoes the rest" in touched and "--force" not in touched
    assert (_title(seeded_db, uid), record_id_for_uid(seeded_db, added) is not None) == (
        "Corrected <b>title</b>",
        True,
    )
    assert batches.get_batch(seeded_db, 2).undone_at is None and dialog.undo_button.isEnabled()


def test_undo_the_rest_leaves_the_touched_record_and_undoes_the_others(
    qtbot, window, edited, seeded_db, monkeypatch
):
    uid, _, added = edited
    _touch(seeded_db, uid)
    asked = []

    def answer(box):
        asked.append(box.text())
        for button in box.buttons():
            if button.text() in ("Undo import", "Undo the rest"):
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    dialog = _open(window, ActionId.IMPORTS, ImportsDialog)
    dialog.undo()
    qtbot.waitUntil(lambda: batches.get_batch(seeded_db, 2).undone_at is not None)
    qtbot.waitUntil(lambda: dialog.task.done)
    assert len(asked) == 2
    assert (_title(seeded_db, uid), record_id_for_uid(seeded_db, added)) == (
        "Corrected <b>title</b>",
        None,
    )


def test_a_deleted_record_comes_back_from_the_dialog_with_its_incoming_links(
    qtbot, window, seeded_db
):
    held = links.incoming_links(seeded_db, TOUR)
    window.select_uid(TOUR)
    window.editing.delete(record_id_for_uid(seeded_db, TOUR))
    box = window.findChildren(QMessageBox)[-1]  # others link to it: Delete them too?
    next(b for b in box.buttons() if b.text() == "Delete").click()
    qtbot.waitUntil(lambda: record_id_for_uid(seeded_db, TOUR) is None)
    gone = links.incoming_links(seeded_db, TOUR)
    dialog = _open(window, ActionId.DELETED_RECORDS, DeletedDialog)
    assert dialog.uids() == [TOUR]
    dialog.grab().save("/tmp/historyui14/deleted.png")
    dialog.select(TOUR)
    dialog.bring_back_button.click()
    back = record_id_for_uid(seeded_db, TOUR)
    assert (gone, links.incoming_links(seeded_db, TOUR)) == ([], held)
    assert {link.relation for link in held} >= {"part-of"}
    qtbot.waitUntil(lambda: window.table.current_record_id() == back)
    assert window.detail.record.uid == TOUR and dialog.uids() == []
    window.action_map[ActionId.UNDO].trigger()
    assert record_id_for_uid(seeded_db, TOUR) is None and dialog.uids() == [TOUR]


def test_a_read_only_window_lists_history_imports_and_deletions_but_changes_none(
    qtbot, seeded_db, tmp_path, seed_rows
):
    seed_rows[2]["title"] = "Corrected"
    csvfile.import_records(seeded_db, write_rows(tmp_path / "edited.csv", seed_rows))
    main = MainWindow(seeded_db, Settings(), read_only=True)
    qtbot.addWidget(main)
    main.show()
    pane = _history_of(qtbot, main, seed_rows[2]["uid"])
    pane.select_number(1)
    imports = _open(main, ActionId.IMPORTS, ImportsDialog)
    deleted = _open(main, ActionId.DELETED_RECORDS, DeletedDialog)
    assert (len(pane.texts()), len(imports.rows()), deleted.uids()) == (2, 2, [])
    assert not any(
        b.isEnabled() for b in (pane.revert_button, imports.undo_button, deleted.bring_back_button)
    )
    deleted.grab().save("/tmp/historyui14/deleted_empty.png")
    main.close()

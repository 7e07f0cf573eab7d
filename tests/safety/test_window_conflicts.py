"""A window save over another program's change stays open, shows what changed and lets the user choose."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QWidget

from bilateral.db.records import delete_record, get_record, record_id_for_uid, update_record
from bilateral.desktop.records.editing import Editing


def type_into(field, text: str) -> None:
    """Replace a line edit's text by typing, as a person would."""
    field.selectAll()
    QTest.keyClick(field, Qt.Key.Key_Delete)
    QTest.keyClicks(field, text)


@pytest.fixture
def editing(qtbot, seeded_db):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    return Editing(seeded_db, parent, lambda: "")


@pytest.fixture
def record_id(seeded_db):
    return seeded_db.execute("SELECT max(id) FROM records").fetchone()[0]


@pytest.fixture
def conflicted(editing, other, record_id):
    """The dialog after Save, with "Mine" typed and "Theirs" stored by another program meanwhile."""
    dialog = editing.edit(record_id)
    type_into(dialog.form.title, "Mine")
    update_record(other, record_id, replace(get_record(other, record_id), title="Theirs"))
    dialog.save_button.click()
    return dialog


def test_a_save_over_another_change_keeps_the_dialog_open_with_the_input(conflicted):
    assert (conflicted.isVisible(), conflicted.form.title.text()) == (True, "Mine")


def test_the_conflict_says_what_changed_yours_against_now_stored(conflicted):
    assert conflicted.conflict.isVisible()
    assert "title: yours “Mine”, now stored “Theirs”" in conflicted.conflict.text.text()


def test_a_save_over_another_change_writes_nothing(conflicted, other, record_id, figures):
    kept = get_record(other, record_id).title == "Theirs"
    figures["edit conflicts"]["window saves refused over another writer"] += 1
    figures["edit conflicts"]["window saves that overwrote silently"] += not kept
    assert kept


def test_overwrite_with_mine_stores_the_input_and_closes(conflicted, other, record_id):
    conflicted.conflict.overwrite_button.click()
    assert (conflicted.result(), get_record(other, record_id).title) == (
        QDialog.DialogCode.Accepted,
        "Mine",
    )


def test_load_the_stored_version_shows_it_in_the_open_dialog(conflicted):
    conflicted.conflict.load_button.click()
    assert (conflicted.isVisible(), conflicted.form.title.text()) == (True, "Theirs")


def test_after_loading_the_stored_version_a_save_goes_through(conflicted, other, record_id):
    conflicted.conflict.load_button.click()
    type_into(conflicted.form.title, "Merged")
    conflicted.save_button.click()
    assert (conflicted.isVisible(), get_record(other, record_id).title) == (False, "Merged")


def test_keep_editing_hides_the_panel_and_keeps_input_and_stored(conflicted, other, record_id):
    conflicted.conflict.keep_button.click()
    assert (
        conflicted.conflict.isVisible(),
        conflicted.isVisible(),
        conflicted.form.title.text(),
        get_record(other, record_id).title,
    ) == (False, True, "Mine", "Theirs")


def test_a_record_deleted_meanwhile_can_be_saved_again_with_its_uid(editing, other, record_id):
    dialog = editing.edit(record_id)
    uid = dialog.original.uid
    type_into(dialog.form.title, "Mine")
    delete_record(other, record_id)
    dialog.save_button.click()
    said = "deleted" in dialog.conflict.text.text()
    dialog.conflict.overwrite_button.click()
    assert (said, get_record(other, record_id_for_uid(other, uid)).title) == (True, "Mine")

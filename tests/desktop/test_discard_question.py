"""Esc, Cancel or closing a record dialog with typed input asks before discarding it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from typing_helpers import type_into

from bilateral.db.records import list_kinds
from bilateral.desktop.records.record_dialog import RecordDialog


@pytest.fixture
def dialog(qtbot, seeded_db):
    widget = RecordDialog(list_kinds(seeded_db), pair="CHN-CUB")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _question(dialog) -> QMessageBox | None:
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) <= 1
    return boxes[0] if boxes else None


def _answer(box: QMessageBox, text: str) -> None:
    (button,) = [b for b in box.buttons() if b.text() == text]
    button.click()


def test_esc_on_an_untouched_dialog_closes_it_without_asking(dialog):
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert (_question(dialog), dialog.isVisible()) == (None, False)


def test_esc_after_typing_asks_and_keeps_editing_when_cancelled(dialog, qtbot):
    type_into(dialog.form.title, "Half-typed title")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    box = _question(dialog)
    assert "Discard what you typed" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    _answer(box, "Cancel")
    assert dialog.isVisible()
    assert dialog.form.title.text() == "Half-typed title"


def test_cancel_then_discard_closes_the_dialog(dialog):
    type_into(dialog.form.title, "Half-typed title")
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    _answer(_question(dialog), "Discard")
    assert dialog.isVisible() is False
    assert dialog.result() == dialog.DialogCode.Rejected


def test_saving_closes_without_asking(dialog, qtbot):
    type_into(dialog.form.title, "A title")
    type_into(dialog.form.date, "2024")
    dialog.form.kind.setCurrentIndex(dialog.form.kind.findData("visit"))
    dialog.form.kind.activated.emit(dialog.form.kind.currentIndex())
    assert dialog.validate() == []
    dialog.save_button.click()
    assert (_question(dialog), dialog.isVisible()) == (None, False)

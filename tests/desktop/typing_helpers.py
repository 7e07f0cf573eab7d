"""Typing into the record dialog as a person would, shared by the dialog tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def type_into(widget, text: str) -> None:
    """Replace a field's text by typing, as a person would."""
    target = getattr(widget, "edit", widget)  # date and tag fields type into their line edit
    target.selectAll()
    QTest.keyClick(target, Qt.Key.Key_Delete)
    if text:
        QTest.keyClicks(target, text)


def fill_valid(form) -> None:
    """Type a valid record into a record form."""
    type_into(form.actor, "CHN")
    type_into(form.partner, "CUB")
    form.kind.setCurrentIndex(form.kind.findData("aid"))
    form.kind.activated.emit(form.kind.currentIndex())
    type_into(form.date, "2024-02")
    type_into(form.title, "Rice donation")
    type_into(form.amount, "1000")
    type_into(form.currency, "USD")

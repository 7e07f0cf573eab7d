"""A record typed with the keyboard alone lands in the table and in the records export."""

from __future__ import annotations

import io

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bilateral.db.csv_export import export_records
from bilateral.desktop.records.records_model import Column


def _type(dialog, text: str = "", tabs: int = 1) -> None:
    """Type into whatever field has the focus, then press Tab ``tabs`` times.

    Where a type-ahead list opened, Enter picks its entry, as a person would.
    """
    if text:
        QTest.keyClicks(dialog.focusWidget(), text)
        completer = getattr(dialog.focusWidget(), "completer", lambda: None)()
        if completer is not None and completer.popup().isVisible():
            QTest.keyClick(completer.popup(), Qt.Key.Key_Return)
    for _ in range(tabs):
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)


def test_record_typed_by_keyboard_alone_appears_in_table_and_export(window, seeded_db, qtbot):
    with qtbot.waitSignal(window.editing.dialogOpened) as opened:
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    _type(dialog, "China (CHN)")  # actor
    _type(dialog, "Cuba")  # partner, by name
    _type(dialog)  # other parties: none
    _type(dialog)  # direction: one-way
    _type(dialog, "agr")  # kind: agreement, by keyboard search
    _type(dialog, "2024-03-01", tabs=2)  # date, then past the end date
    _type(dialog, "signed", tabs=3)  # status, then past place and terms
    _type(dialog, "Keyboard-only trade accord", tabs=0)  # title; Enter saves
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    titles = [window.model.index(r, Column.TITLE).data() for r in range(window.model.rowCount())]
    out = io.StringIO(newline="")
    export_records(seeded_db, out)
    assert (
        "Keyboard-only trade accord" in titles,
        "Keyboard-only trade accord" in out.getvalue(),
    ) == (
        True,
        True,
    )

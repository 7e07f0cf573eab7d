"""Every control of the window and of each dialog has a name a screen reader can say, and
no mnemonic letter (Alt+letter) is used twice in one menu, window or dialog."""

from __future__ import annotations

from collections import Counter

import pyqtgraph as pg
import pytest
from csv_helpers import write_rows
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from style_helpers import style_problems

from bilateral.db.csv_rows import ImportReport
from bilateral.desktop.common.accessibility import mnemonic
from bilateral.desktop.files.import_errors import ImportProblemsDialog
from bilateral.desktop.files.imports_dialog import open_imports
from bilateral.desktop.records.deleted_dialog import open_deleted
from bilateral.desktop.records.kinds_dialog import NewKindDialog, open_kinds
from bilateral.desktop.records.parties_dialog import AddPartyDialog, open_parties
from bilateral.desktop.shell import about
from bilateral.desktop.shell.getting_started import open_getting_started

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    pg.GraphicsView,
)
# Parts of a control that a screen reader reads as the control itself.
INNER_PARTS = (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView)


def _preview(window, seed_rows, tmp_path, qtbot):
    rows = [
        *seed_rows[:2],
        {**seed_rows[2], "title": "Changed in the file"},
        {**seed_rows[0], "uid": "new-1", "title": "New one"},
        {**seed_rows[0], "uid": "bad-date", "date": "2023-02-30"},
    ]
    task = window.files.import_csv(write_rows(tmp_path / "mixed.csv", rows))
    qtbot.waitUntil(lambda: task.done)
    return window.files.flow.dialog


def _problems(window):
    report = ImportReport()
    report.problem(2, "date", "2023-02-30 is not a date")
    return ImportProblemsDialog("bad.csv", report, window)


def _restore(window, qtbot):
    dialog = window.backups.open_dialog()
    qtbot.waitUntil(lambda: window.backups.listing.done)
    return dialog


OPENERS = {
    "main window": lambda window, *_: window,
    "add record": lambda window, *_: window.editing.add(),
    "edit record": lambda window, *_: window.editing.edit(window.table.current_record_id()),
    "kinds": lambda window, *_: open_kinds(window),
    "add kind": lambda window, *_: NewKindDialog("#0072b2", window),
    "parties": lambda window, *_: open_parties(window),
    "add party": lambda window, *_: AddPartyDialog(window.db, window),
    "deleted records": lambda window, *_: open_deleted(window),
    "imports": lambda window, *_: open_imports(window),
    "restore": lambda window, qtbot, *_: _restore(window, qtbot),
    "getting started": lambda window, *_: open_getting_started(window),
    "about": lambda window, *_: about.show_about(window),
    "import preview": lambda window, qtbot, rows, tmp: _preview(window, rows, tmp, qtbot),
    "import problems": lambda window, *_: _problems(window),
}


@pytest.fixture(params=list(OPENERS))
def shown(request, window, qtbot, seed_rows, tmp_path):
    """The main window or one of its dialogs, shown."""
    top = OPENERS[request.param](window, qtbot, seed_rows, tmp_path)
    top.show()
    qtbot.waitExposed(top)
    yield top
    if top is not window:
        top.close()


def _controls(top: QWidget) -> list[QWidget]:
    controls = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView):
            continue  # a table's header is read as its column names
        if isinstance(widget.parentWidget(), INNER_PARTS) or isinstance(widget, QTabBar):
            continue
        if widget.window() is top:
            controls.append(widget)
    return controls


def _spoken_name(widget: QWidget) -> str:
    """What a screen reader says for the control: its accessible name, else what Qt
    derives (a button's text). A combo box's derived name is its value, not its label."""
    if widget.accessibleName() or isinstance(widget, QComboBox):
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface else ""


def test_every_control_has_a_name_a_screen_reader_can_say(shown):
    unnamed = [
        f"{type(w).__name__} {w.objectName() or ''} {getattr(w, 'placeholderText', str)()}"
        for w in _controls(shown)
        if not _spoken_name(w).strip()
    ]
    assert unnamed == []


def test_every_colour_of_a_style_sheet_is_the_dark_theme_s_and_reads(shown, switch_palette):
    # The switch comes after the window was built, so its colours must follow the palette;
    # a colour written in the code would be the light theme's, which the dark one lacks.
    switch_palette("dark")
    assert style_problems(shown) == []


def test_tab_leaves_every_table_of_the_window(shown):
    trapping = [
        f"{type(w).__name__} {w.accessibleName()}"
        for w in _controls(shown)
        if isinstance(w, QAbstractItemView) and w.tabKeyNavigation()
    ]
    assert trapping == []


def _mnemonics(top: QWidget) -> list[str]:
    texts = []
    for widget in top.findChildren(QWidget):
        if widget.window() is not top:
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
    if hasattr(top, "menuBar"):
        texts += [action.text() for action in top.menuBar().actions()]
    return [letter for letter in map(mnemonic, texts) if letter]


def test_no_mnemonic_letter_is_used_twice_in_one_window(shown):
    letters = Counter(_mnemonics(shown))
    assert {letter: n for letter, n in letters.items() if n > 1} == {}


def _menus(window) -> list[QMenu]:
    found, todo = [], [a.menu() for a in window.menuBar().actions()]
    while todo:
        menu = todo.pop()
        found.append(menu)
        todo += [a.menu() for a in menu.actions() if a.menu() is not None]
    return found


def test_every_menu_entry_has_its_own_mnemonic(window):
    problems = {}
    for menu in _menus(window):
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        letters = [mnemonic(t) for t in texts]
        missing = [t for t, letter in zip(texts, letters, strict=True) if not letter]
        repeated = [letter for letter, n in Counter(filter(None, letters)).items() if n > 1]
        if missing or repeated:
            problems[menu.title()] = (missing, repeated)
    assert problems == {}


def test_alt_and_a_label_s_letter_moves_the_focus_to_its_field(window, qtbot):
    dialog = window.editing.add()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    reached = []
    for field in (dialog.form.title, dialog.form.date.edit, dialog.form.kind):
        label = next(la for la in dialog.findChildren(QLabel) if la.buddy() is field)
        QTest.keyClick(
            dialog.focusWidget(), mnemonic(label.text()), Qt.KeyboardModifier.AltModifier
        )
        reached.append(dialog.focusWidget() is field)
    assert (reached, dialog.form.kind.accessibleName()) == ([True, True, True], "Kind")

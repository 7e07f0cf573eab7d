"""Edit › Kinds…: the kinds with their colour, CAMEO code and quad class; add, rename, recolour."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from bilateral.db import cameo
from bilateral.db.errors import BilateralError
from bilateral.db.kind_changes import rename_kind, set_kind_color
from bilateral.db.kind_colors import spare_color
from bilateral.db.records import Kind, add_kind, list_kinds
from bilateral.desktop.common.accessibility import label_for, no_tab_trap
from bilateral.desktop.common.accessibility import name as accessible_name
from bilateral.desktop.common.icons import swatch
from bilateral.desktop.common.plain import show_message
from bilateral.desktop.common.screen import fit_to_screen

HEADERS = ("Kind", "CAMEO code", "Quad class", "")
QUADS = ("1 · verbal cooperation", "2 · material cooperation", "3 · verbal conflict")
QUADS += ("4 · material conflict",)


class Window(Protocol):
    """What the dialog needs from the main window."""

    db: Database
    read_only: bool

    def data_changed(self, record_id: int | None = None) -> None: ...


class NewKindDialog(QDialog):
    """Name, colour, default CAMEO code and quad class of a kind to add."""

    def __init__(self, color: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add kind")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Such as sanction")
        self.code = QLineEdit()
        self.code.setPlaceholderText("A CAMEO root code, such as 163 (optional)")
        self.quad = QComboBox()
        self.quad.addItems(["None", *QUADS])
        self.color = color
        self.color_button = QPushButton("Choose…")
        self.color_button.clicked.connect(self._choose)
        self._show_color()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(label_for("&Name:", self.name), self.name)
        form.addRow(label_for("C&olour:", self.color_button), self.color_button)
        form.addRow(label_for("CAMEO &code:", self.code), self.code)
        form.addRow(label_for("&Quad class:", self.quad), self.quad)
        form.addRow(buttons)

    def quad_class(self) -> int | None:
        """The quad class chosen, or None."""
        return self.quad.currentIndex() or None

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color), self, "Colour of the kind")
        if chosen.isValid():
            self.color = chosen.name()
            self._show_color()

    def _show_color(self) -> None:
        self.color_button.setIcon(swatch(self.color))
        self.color_button.setText(self.color)


class KindsDialog(QDialog):
    """Lists the kinds; Add, Rename (a user's kind) and Colour change the database at once.

    Emits ``changed`` after each change, so the window reads the records again.
    """

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Kinds")
        self.setObjectName("kinds_dialog")
        self.table = QTableWidget(0, len(HEADERS))
        accessible_name(self.table, "Kinds")
        no_tab_trap(self.table)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("&Add…")
        self.rename_button = QPushButton("&Rename…")
        self.color_button = QPushButton("C&olour…")
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.color_button.clicked.connect(self.recolour)
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.color_button):
            buttons.addWidget(button)
            button.setEnabled(not read_only)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.read_only = read_only
        self.kinds: list[Kind] = []
        self.reload()
        fit_to_screen(self, 620, 480)

    def reload(self, select: str = "") -> None:
        """Read the kinds again and select ``select`` (or keep the current one)."""
        select = select or self.current_kind()
        self.kinds = list_kinds(self.db)
        self.table.setRowCount(len(self.kinds))
        for row, kind in enumerate(self.kinds):
            name = QTableWidgetItem(swatch(kind.color), kind.name)
            name.setToolTip(kind.color)
            code = kind.cameo_code
            text = f"{code}: {cameo.label(code)}" if code and cameo.label(code) else code
            quad = "" if kind.quad_class is None else str(kind.quad_class)
            origin = "built-in" if kind.builtin else "yours"
            items = (name, *(QTableWidgetItem(t) for t in (text, quad, origin)))
            for column, item in enumerate(items):
                self.table.setItem(row, column, item)
            if kind.name == select:
                self.table.setCurrentCell(row, 0)
        self._enable()

    def current_kind(self) -> str:
        """The selected kind's name, or ''."""
        row = self.table.currentRow()
        return self.kinds[row].name if 0 <= row < len(self.kinds) else ""

    def _current(self) -> Kind | None:
        row = self.table.currentRow()
        return self.kinds[row] if 0 <= row < len(self.kinds) else None

    def _enable(self) -> None:
        kind = self._current()
        writable = not self.read_only
        self.rename_button.setEnabled(writable and kind is not None and not kind.builtin)
        self.rename_button.setToolTip(
            "A built-in kind keeps its name: imports find it by name"
            if kind and kind.builtin
            else ""
        )
        self.color_button.setEnabled(writable and kind is not None)

    def _refused(self, error: BilateralError) -> None:
        show_message(self, "Kinds", str(error))

    def add(self) -> None:
        """Ask for a new kind and add it."""
        dialog = NewKindDialog(spare_color({k.color for k in list_kinds(self.db)}), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            kind = add_kind(
                self.db, dialog.name.text(), dialog.code.text(), dialog.quad_class(), dialog.color
            )
        except BilateralError as error:
            self._refused(error)
            return
        self.reload(kind.name)
        self.changed.emit()

    def rename(self) -> None:
        """Ask for the selected kind's new name and rename it and its records."""
        kind = self._current()
        if kind is None or kind.builtin:
            return
        name, ok = QInputDialog.getText(
            self, "Rename kind", f"New name for “{kind.name}”:", text=kind.name
        )
        if not ok:
            return
        try:
            rename_kind(self.db, kind.name, name)
        except BilateralError as error:
            self._refused(error)
            return
        self.reload(name.strip().lower())
        self.changed.emit()

    def recolour(self) -> None:
        """Ask for the selected kind's colour and store it."""
        kind = self._current()
        if kind is None:
            return
        chosen = QColorDialog.getColor(QColor(kind.color), self, f"Colour of {kind.name}")
        if not chosen.isValid():
            return
        try:
            set_kind_color(self.db, kind.name, chosen.name())
        except BilateralError as error:
            self._refused(error)
            return
        self.reload(kind.name)
        self.changed.emit()


def open_kinds(window: Window) -> KindsDialog:
    """Show the Kinds dialog of the window's database; a change reloads the window."""
    dialog = KindsDialog(window.db, window, window.read_only)  # type: ignore[arg-type]
    dialog.changed.connect(lambda: window.data_changed())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

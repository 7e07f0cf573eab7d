"""Edit › Deleted records…: the records deleted and not brought back, and Bring back."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from bilateral.db import history
from bilateral.db.history_text import origin_text, when
from bilateral.desktop.common import theme
from bilateral.desktop.common.screen import fit_to_screen
from bilateral.desktop.common.tables import list_table
from bilateral.desktop.records.editing import Editing

COLUMNS = ("Deleted", "Title", "Kind", "Date", "Sides", "By", "uid")


def _was(revision: history.Revision, name: str) -> str:
    """A field's value as the record held it when it was deleted."""
    value = revision.before(name)
    return "" if value is None else str(value)


def row_of(revision: history.Revision) -> list[str]:
    """The cells of one deleted record."""
    sides = " → ".join(x for x in (_was(revision, "actor"), _was(revision, "partner")) if x)
    return [
        when(revision.at),
        _was(revision, "title"),
        _was(revision, "kind"),
        _was(revision, "date"),
        sides,
        origin_text(revision),
        revision.uid,
    ]


class DeletedDialog(QDialog):
    """The deleted records, newest deletion first; Bring back is a step on the undo stack."""

    def __init__(
        self, db: Database, editing: Editing, parent: QWidget | None = None, read_only=False
    ):
        super().__init__(parent)
        self.db, self.editing, self.read_only = db, editing, read_only
        self.deleted: list[history.Revision] = []
        self.setWindowTitle("Deleted records")
        self.table = list_table(COLUMNS, stretch=1, title="Deleted records")
        self.bring_back_button = QPushButton("&Bring back")
        self.bring_back_button.clicked.connect(self.bring_back)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.table.doubleClicked.connect(lambda _index: self.bring_back())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        note = QLabel(
            "Bring back restores a record as it was deleted, with the links other records "
            "held to it; Edit › Undo deletes it again."
        )
        note.setWordWrap(True)
        theme.tint(note, "muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.bring_back_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        self.empty = QLabel(
            "No deleted records: every record deleted was brought back, or none was deleted."
        )
        theme.tint(self.empty, "muted")
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        fit_to_screen(self, 960, 420)
        self.editing.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        """Read the deleted records again."""
        self.deleted = history.deleted_records(self.db)
        self.table.setRowCount(len(self.deleted))
        for row, revision in enumerate(self.deleted):
            for column, text in enumerate(row_of(revision)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
        if self.deleted:
            self.table.selectRow(0)
        self.empty.setVisible(not self.deleted)
        self._update_button()

    def uids(self) -> list[str]:
        """The uids listed, top to bottom."""
        return [revision.uid for revision in self.deleted]

    def select(self, uid: str) -> None:
        """Make the row of ``uid`` the selected one."""
        if uid in (uids := self.uids()):
            self.table.selectRow(uids.index(uid))

    def current(self) -> history.Revision | None:
        """The delete revision of the selected record, if any."""
        rows = self.table.selectionModel().selectedRows() if self.deleted else []
        return self.deleted[rows[0].row()] if rows else None

    def bring_back(self) -> None:
        """Bring back the selected record; the window reads the data again and selects it."""
        revision = self.current()
        if revision is not None and self.bring_back_button.isEnabled():
            self.editing.bring_back(revision.uid)

    def _changed(self, _record_id: object) -> None:
        # Any change, an undo of the bring back included, may change the list.
        self.refresh()

    def _update_button(self) -> None:
        why = "" if self.current() is not None else "Select a deleted record."
        if self.read_only:
            why = "The database is open read-only."
        self.bring_back_button.setEnabled(not why)
        self.bring_back_button.setToolTip(why or "Restore it with its links (undoable)")

    def done(self, result: int) -> None:
        self.editing.changed.disconnect(self._changed)
        super().done(result)


class Window(Protocol):
    """What the dialog needs from the main window."""

    db: Database
    read_only: bool
    editing: Editing


def open_deleted(window: Window) -> DeletedDialog:
    """Show the deleted records of the window's database."""
    dialog = DeletedDialog(window.db, window.editing, window, window.read_only)  # type: ignore[arg-type]
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

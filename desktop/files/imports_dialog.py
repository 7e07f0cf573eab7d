"""File › Imports…: every import with its file and counts, and Undo import off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, Signal
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

from bilateral.db import batches
from bilateral.db.errors import BilateralError
from bilateral.db.history_text import when
from bilateral.desktop.common import theme
from bilateral.desktop.common.plain import ask, show_message
from bilateral.desktop.common.screen import fit_to_screen
from bilateral.desktop.common.tables import list_table
from bilateral.desktop.files import tasks

COLUMNS = (
    "Import",
    "Time",
    "Origin",
    "File",
    "Size",
    "Added",
    "Updated",
    "Unchanged",
    "Conflicts",
    "Undone",
)
NUMBERS = {0, 4, 5, 6, 7, 8}


def _size(size: int | None) -> str:
    return f"{size:,} bytes" if size is not None else ""


def undo_question(batch: batches.Batch) -> str:
    """What undoing ``batch`` will do, asked before it is done."""
    added = f"{batch.added:,} record{'s' * (batch.added != 1)}"
    updated = f"{batch.updated:,} record{'s' * (batch.updated != 1)}"
    return (
        f"Undo import {batch.id} ({batch.file}, {when(batch.at)})?\n\n"
        f"The {added} it added will be deleted, and the {updated} it updated put back as they "
        "were before it. Each change is a new revision: the History tab shows it."
    )


def touched_question(error: batches.BatchTouched) -> str:
    """The refusal of an undo because records changed since, and the offer to undo the rest."""
    text = str(error).replace("--force undoes", "“Undo the rest” undoes")
    return f"{text}\n\nUndo the rest of the import?"


def _item(value: object, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem()
    # Numbers as numbers, so that sorting a count column puts 10 after 9.
    item.setData(Qt.ItemDataRole.DisplayRole, value if number else str(value))
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ImportsDialog(QDialog):
    """The imports, newest first; Undo import runs in a pool thread on its own connection.

    ``undone(text)`` follows each undo, ``text`` saying what it did.
    """

    undone = Signal(str)

    def __init__(self, db: Database, path: Path, parent: QWidget | None = None, read_only=False):
        super().__init__(parent)
        self.db, self.path, self.read_only = db, path, read_only
        self.task: tasks.Task | None = None
        self.busy = False  # an undo is running: no second one meanwhile
        self.batches: list[batches.Batch] = []
        self.setWindowTitle("Imports")
        self.table = list_table(COLUMNS, stretch=3, title="Imports")
        self.undo_button = QPushButton("&Undo import")
        self.undo_button.clicked.connect(lambda: self.undo())
        self.table.itemSelectionChanged.connect(self._update_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        note = QLabel(
            "Undo import deletes the records an import added and puts back those it updated; "
            "a record changed since is left as it is, if you agree. bilateral imports lists "
            "the same."
        )
        note.setWordWrap(True)
        theme.tint(note, "muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        self.empty = QLabel("No imports yet: File › Import records… makes one.")
        theme.tint(self.empty, "muted")
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        fit_to_screen(self, 960, 420)
        self.refresh()

    def refresh(self) -> None:
        """Read the imports again, keeping the selected one selected."""
        kept = self.current()
        self.batches = batches.list_batches(self.db)
        self.table.setRowCount(len(self.batches))
        for row, b in enumerate(self.batches):
            values = (b.id, when(b.at), b.origin, b.file, _size(b.size), b.added, b.updated)
            values += (b.unchanged, b.conflicts, when(b.undone_at))
            for column, value in enumerate(values):
                self.table.setItem(row, column, _item(value, column in NUMBERS))
        if kept is not None:
            self.select(kept.id)
        elif self.batches:
            self.table.selectRow(0)
        self.empty.setVisible(not self.batches)
        self._update_button()

    def select(self, batch_id: int) -> None:
        """Make the import ``batch_id`` the selected one."""
        for row, b in enumerate(self.batches):
            if b.id == batch_id:
                self.table.selectRow(row)

    def current(self) -> batches.Batch | None:
        """The selected import, if any."""
        rows = self.table.selectionModel().selectedRows() if self.batches else []
        return self.batches[rows[0].row()] if rows else None

    def rows(self) -> list[list[str]]:
        """Each row's cells as shown."""
        return [
            [self.table.item(row, c).text() for c in range(len(COLUMNS))]
            for row in range(self.table.rowCount())
        ]

    def _update_button(self) -> None:
        batch = self.current()
        why = ""
        if batch is None:
            why = "Select an import."
        elif batch.undone_at:
            why = f"Import {batch.id} was undone already, at {when(batch.undone_at)}."
        elif self.read_only:
            why = "The database is open read-only."
        self.undo_button.setEnabled(not why and not self.busy)
        self.undo_button.setToolTip(why or "Delete what it added and put back what it updated")

    def undo(self) -> tasks.Task | None:
        """Undo the selected import once the user agrees; returns the task that runs it."""
        batch = self.current()
        if batch is None or not self.undo_button.isEnabled():
            return None
        if not ask(self, "Undo import", undo_question(batch), "Undo import"):
            return None
        return self._run(batch, force=False)

    def _run(self, batch: batches.Batch, force: bool) -> tasks.Task:
        def job(db: Database, progress, cancelled) -> batches.Undone:
            return batches.undo(db, batch.id, force=force)

        self.task = tasks.Task(self.path, job, self)
        self.task.finished.connect(self._done)
        self.task.failed.connect(lambda error: self._failed(batch, error))
        self.setCursor(Qt.CursorShape.WaitCursor)
        self.busy = True
        self.task.start()
        self._update_button()
        return self.task

    def _done(self, done: batches.Undone) -> None:
        self.unsetCursor()
        self.busy = False
        self.refresh()
        text = (
            f"Undid import {done.batch.id} ({done.batch.file}): deleted {done.deleted:,} "
            f"record(s) it added, put back {done.restored:,} it updated."
        )
        if done.skipped:
            text += f" Left {len(done.skipped):,} changed since as they are."
        self.undone.emit(text)

    def _failed(self, batch: batches.Batch, error: Exception) -> None:
        self.unsetCursor()
        self.busy = False
        self._update_button()
        if isinstance(error, batches.BatchTouched):
            if ask(self, "Records changed since", touched_question(error), "Undo the rest"):
                self._run(batch, force=True)
            return
        text = (
            str(error) if isinstance(error, BilateralError) else f"Something went wrong: {error!r}"
        )
        show_message(self, "Import not undone", text)


class Window(Protocol):
    """What the dialog needs from the main window."""

    db: Database
    read_only: bool

    def database_file(self) -> Path: ...
    def data_changed(self, record_id: int | None = None) -> None: ...
    def show_status(self, text: str) -> None: ...


def open_imports(window: Window) -> ImportsDialog:
    """Show the imports of the window's database; an undo reloads the window."""
    dialog = ImportsDialog(window.db, window.database_file(), window, window.read_only)  # type: ignore[arg-type]
    dialog.undone.connect(lambda text: (window.data_changed(), window.show_status(text)))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

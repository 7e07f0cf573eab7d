"""The History tab beside the detail pane: the selected record's revisions, and Revert to one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from bilateral.db import history
from bilateral.db.history_text import change_lines, heading
from bilateral.db.records import Record
from bilateral.desktop.common import theme
from bilateral.desktop.common.accessibility import name, no_tab_trap
from bilateral.desktop.common.plain import tooltip

NUMBER = Qt.ItemDataRole.UserRole
LONGEST = 200  # characters of a changed value's line shown in the list; the tooltip has all


def revision_text(revision: history.Revision, longest: int | None = None) -> str:
    """A revision as the command line prints it: its heading, then a line per change."""
    lines = change_lines(revision)
    if longest is not None:
        lines = [line if len(line) <= longest else line[: longest - 1] + "…" for line in lines]
    return "\n".join([heading(revision), *(f"    {line}" for line in lines)])


class HistoryPane(QWidget):
    """The revisions of one record, newest first, as plain text (never rendered as HTML).

    They are read when the tab is shown, so a selection made while it is hidden costs
    nothing; ``revertRequested(record, number)`` asks for version ``number`` of the
    record as it was shown.
    """

    revertRequested = Signal(object, int)

    def __init__(self, database: Callable[[], Database], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("history")
        self.database = database
        self.record: Record | None = None
        self.revisions: list[history.Revision] = []
        self.read_only = False
        self._stale = True
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("history_list")
        name(self.list, "Versions of the record")
        no_tab_trap(self.list)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        # Long values wrap within the pane rather than run off its side.
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSpacing(2)
        self.revert_button = QPushButton("&Revert to this version")
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self.revert)
        note = QLabel("A revert is a new revision; Edit › Undo puts back the version it replaced.")
        note.setWordWrap(True)
        theme.tint(note, "muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(note)
        self.list.currentRowChanged.connect(lambda _row: self._update_button())

    def show_record(self, record: Record | None) -> None:
        """Follow the selection: read ``record``'s revisions now if the tab is shown."""
        self.record = record
        self._stale = True
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if self._stale:
            self.load()

    def load(self) -> None:
        """Read the revisions of the record shown (one query) and list them."""
        self._stale = False
        self.list.clear()
        record = self.record
        self.revisions = history.revisions(self.database(), record.uid) if record else []
        if record is None:
            self.heading.setText("Choose a record to see its history.")
        elif not self.revisions:
            self.heading.setText(f"No history is kept for “{record.title}”.")
        else:
            count = len(self.revisions)
            self.heading.setText(
                f"“{record.title}”: {count} revision{'s' * (count != 1)}, newest first."
            )
        for revision in self.revisions:
            item = QListWidgetItem(revision_text(revision, LONGEST))
            item.setData(NUMBER, revision.number)
            item.setToolTip(tooltip(revision_text(revision)))
            self.list.addItem(item)
        self._update_button()

    def texts(self) -> list[str]:
        """Each revision as listed, newest first."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def select_number(self, number: int) -> None:
        """Make the revision ``number`` the current one."""
        for row, revision in enumerate(self.revisions):
            if revision.number == number:
                self.list.setCurrentRow(row)

    def selected(self) -> history.Revision | None:
        """The revision selected, if any."""
        row = self.list.currentRow()
        return self.revisions[row] if 0 <= row < len(self.revisions) else None

    def _update_button(self) -> None:
        revision = self.selected()
        why = ""
        if revision is None:
            why = "Select an earlier version to revert to it."
        elif revision is self.revisions[0]:
            why = "This is the record as it is now."
        elif revision.operation == "delete":
            why = "This version is the record's deletion."
        elif self.read_only:
            why = "The database is open read-only."
        self.revert_button.setEnabled(not why)
        self.revert_button.setToolTip(why or "Make the record what this version was (undoable)")

    def revert(self) -> None:
        """Ask for the selected version of the record as shown."""
        revision = self.selected()
        if self.revert_button.isEnabled() and revision is not None and self.record is not None:
            self.revertRequested.emit(self.record, revision.number)


def record_tabs(detail: QWidget, pane: HistoryPane) -> QTabWidget:
    """The detail pane and the History tab, side by side as tabs."""
    tabs = QTabWidget()
    tabs.setObjectName("record_tabs")
    tabs.setDocumentMode(True)
    tabs.addTab(detail, "Record")
    tabs.addTab(pane, "History")
    return tabs

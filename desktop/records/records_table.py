"""The record table: a lazily filled, sortable view whose rows are records."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget
from sqlite_utils import Database

from bilateral.desktop.common.accessibility import name, no_tab_trap
from bilateral.desktop.records.records_model import Column, RecordsModel

WIDTHS = {
    Column.DATE: 90,
    Column.KIND: 112,
    Column.TITLE: 300,
    Column.SIDES: 104,
    Column.AMOUNT_USD: 104,
    Column.STATUS: 76,
}
# The title is what a row is read by: the splitter may not squeeze it below this.
TITLE_MIN = 180


class RecordsTable(QTableView):
    """Shows a RecordsModel; Enter or a double-click asks to edit the current record."""

    currentRecordChanged = Signal(object)  # the id, or None
    editRequested = Signal()
    copyRequested = Signal()  # Ctrl+C: the selected rows, not the one cell Qt would copy

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("records")
        name(self, "Records", "Enter opens the current record; Tab goes on to its details")
        no_tab_trap(self)
        self.records = RecordsModel(db, self)
        self.setModel(self.records)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows may be selected, to copy them; Edit and Delete act on the current one.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        # Fixed row heights let the view skip measuring rows it never shows.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        for column, width in WIDTHS.items():
            self.setColumnWidth(column, width)
        # The title takes whatever width the other columns leave.
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        others = sum(width for column, width in WIDTHS.items() if column != Column.TITLE)
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(others + TITLE_MIN + scroll_bar + 2 * self.frameWidth())
        self.setSortingEnabled(True)
        header.setSortIndicator(Column.DATE, Qt.SortOrder.AscendingOrder)
        self.doubleClicked.connect(lambda _index: self.editRequested.emit())
        self.selectionModel().currentRowChanged.connect(self._on_current_row)

    def set_database(self, db: Database) -> None:
        """Show records of another database."""
        self.records.set_database(db)

    def restore_columns(self, state: QByteArray) -> None:
        """Restore widths and sort order saved from the header, if any."""
        if not state.isEmpty():
            self.horizontalHeader().restoreState(state)

    def current_record_id(self) -> int | None:
        """The id of the current record, or None."""
        index = self.currentIndex()
        return self.records.record_id(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        """Make ``row`` current and selected, and scroll to it."""
        index = self.records.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)

    def select_record(self, record_id: int | None) -> bool:
        """Make the row of ``record_id`` current; False when the result does not hold it."""
        row = self.records.row_of(record_id) if record_id is not None else -1
        if row < 0:
            return False
        self.select_row(row)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.editRequested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copyRequested.emit()
            return
        super().keyPressEvent(event)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentRecordChanged.emit(
            self.records.record_id(current.row()) if current.isValid() else None
        )

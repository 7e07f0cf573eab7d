"""The record table's model: the ordered ids of the current result, rows fetched a page at a time."""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon
from sqlite_utils import Database

from bilateral.db import query
from bilateral.desktop.common.icons import swatch
from bilateral.desktop.common.plain import tooltip

PAGE_SIZE = 100
MAX_PAGES = 40  # pages kept in memory: a few screens' worth, whatever the result size

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class Column(enum.IntEnum):
    """The table's columns."""

    DATE = 0
    KIND = 1
    TITLE = 2
    SIDES = 3
    AMOUNT_USD = 4
    STATUS = 5


HEADERS = {
    Column.DATE: "Date",
    Column.KIND: "Kind",
    Column.TITLE: "Title",
    Column.SIDES: "Actor → partner",
    Column.AMOUNT_USD: "Amount (USD)",
    Column.STATUS: "Status",
}
# The query.SORT_COLUMNS key each column sorts by.
SORT_KEYS = {
    Column.DATE: "date",
    Column.KIND: "kind",
    Column.TITLE: "title",
    Column.SIDES: "actor",
    Column.AMOUNT_USD: "amount_usd",
    Column.STATUS: "status",
}


class Role(enum.IntEnum):
    """Named data roles beyond Qt's own."""

    RECORD_ID = Qt.ItemDataRole.UserRole + 1
    ROW = Qt.ItemDataRole.UserRole + 2  # the whole query.TableRow
    SORT = Qt.ItemDataRole.UserRole + 3  # the raw value the column sorts by


def sides(row: query.TableRow) -> str:
    """'CUB → CHN', or 'CHN ↔ CUB' for a mutual record."""
    return f"{row.actor} {'↔' if row.direction == 'mutual' else '→'} {row.partner}"


def format_usd(value: float | None) -> str:
    """Whole dollars with thousands separators; '' when there is no value."""
    return "" if value is None else f"{value:,.0f}"


class RecordsModel(QAbstractTableModel):
    """Holds the ordered ids of a result and reads the rows on screen through db.query.

    Sorting asks for a new result: ``sortRequested`` carries the sort key and
    whether it is descending, and whoever runs the query calls ``set_ids``.
    """

    sortRequested = Signal(str, bool)

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self._db = db
        self._ids: list[int] = []
        self._positions: dict[int, int] | None = None
        self._pages: OrderedDict[int, dict[int, query.TableRow]] = OrderedDict()
        self._colors: dict[str, str] = {}

    # ---------------------------------------------------------------- feeding

    def set_database(self, db: Database) -> None:
        """Read from another database; the result is emptied."""
        self._db = db
        self.set_ids([])

    def set_kind_colors(self, colors: dict[str, str]) -> None:
        """The colour of each kind, shown as a swatch in the Kind column."""
        self._colors = dict(colors)

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show a new result (a model reset: it is a different list)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._positions = None
        self._pages.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        """The ids shown, in order."""
        return list(self._ids)

    def row_of(self, record_id: int) -> int:
        """The row showing ``record_id``, or -1."""
        if self._positions is None:
            self._positions = {record_id: row for row, record_id in enumerate(self._ids)}
        return self._positions.get(record_id, -1)

    def record_id(self, row: int) -> int | None:
        """The id shown in ``row``."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _row(self, row: int) -> query.TableRow | None:
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
            rows = {r.id: r for r in query.table_rows(self._db, ids)}
            self._pages[page] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows.get(self._ids[row])

    # ---------------------------------------------------------------- Qt model

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.AMOUNT_USD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not self.checkIndex(index):
            return None
        if role == Role.RECORD_ID:
            return self._ids[index.row()]
        row = self._row(index.row())
        if row is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.TITLE:
            return tooltip(row.title)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.KIND:
            color = self._colors.get(row.kind)
            return swatch(color) if color else QIcon()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.AMOUNT_USD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Role.ROW:
            return row
        if role == Role.SORT:
            return getattr(row, SORT_KEYS[column]) if column != Column.SIDES else sides(row)
        return None

    @staticmethod
    def _display(row: query.TableRow, column: Column) -> str:
        if column == Column.DATE:
            return row.date
        if column == Column.KIND:
            return row.kind
        if column == Column.TITLE:
            return row.title
        if column == Column.SIDES:
            return sides(row)
        if column == Column.AMOUNT_USD:
            return format_usd(row.amount_usd)
        return row.status

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(Column):
            self.sortRequested.emit(
                SORT_KEYS[Column(column)], order == Qt.SortOrder.DescendingOrder
            )

"""The record table's model: the ordered ids of the current result, rows fetched a page at a time."""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Collection, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon
from sqlite_utils import Database

from bilateral.db import folding, query
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
        # With folding on, the filter the parts were folded by, and for the rows of the
        # pages read, how many parts each holds folded; the parts shown under their trip.
        self._folded_by: query.Filter | None = None
        self._part_counts: dict[int, int] = {}
        self._shown_parts: frozenset[int] = frozenset()
        self._open_trips: frozenset[int] = frozenset()

    # ---------------------------------------------------------------- feeding

    def set_database(self, db: Database) -> None:
        """Read from another database; the result is emptied."""
        self._db = db
        self.set_ids([])

    def set_kind_colors(self, colors: dict[str, str]) -> None:
        """The colour of each kind, shown as a swatch in the Kind column."""
        self._colors = dict(colors)

    def set_ids(
        self,
        ids: Sequence[int],
        folded_by: query.Filter | None = None,
        shown_parts: Collection[int] = (),
        open_trips: Collection[int] = (),
    ) -> None:
        """Show a new result (a model reset: it is a different list).

        :param folded_by: the filter of a result whose parts are folded under their trip:
            each trip's title then says how many it holds.
        :param shown_parts: ids of parts shown under their trip, marked as such.
        :param open_trips: ids of the trips whose parts are shown under them.
        """
        self.beginResetModel()
        self._ids = list(ids)
        self._positions = None
        self._pages.clear()
        self._part_counts.clear()
        self._folded_by = folded_by
        self._shown_parts = frozenset(shown_parts)
        self._open_trips = frozenset(open_trips)
        self.endResetModel()

    def folded_by(self) -> query.Filter | None:
        """The filter the shown parts are folded by, or None when they are not folded."""
        return self._folded_by

    def shown_parts(self) -> frozenset[int]:
        """Ids of the parts shown under their trip."""
        return self._shown_parts

    def parts_folded(self, row: int) -> int:
        """How many parts the record in ``row`` holds folded under it."""
        record = self._row(row) if 0 <= row < len(self._ids) else None
        return self._part_counts.get(record.id, 0) if record else 0

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
            if self._folded_by is not None:
                self._part_counts.update(folding.part_counts(self._db, ids, self._folded_by))
            if len(self._pages) > MAX_PAGES:
                _, dropped = self._pages.popitem(last=False)
                for record_id in dropped:
                    self._part_counts.pop(record_id, None)
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
            return _RIGHT
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
        reader = _ROLE_READERS.get(role)
        if reader is None:
            return None
        row = self._row(index.row())
        return None if row is None else reader(self, row, Column(index.column()))

    def _display(self, row: query.TableRow, column: Column) -> str:
        if column != Column.TITLE:
            return _DISPLAY[column](row)
        # A part shown under its trip is indented; a trip says first, where a long title
        # is never cut, how many parts it folds, ▸ while they are folded, ▾ once shown.
        indent = "    ↳ " if row.id in self._shown_parts else ""
        parts = self._part_counts.get(row.id, 0)
        if not parts:
            return indent + row.title
        sign = "▾" if row.id in self._open_trips else "▸"
        return f"{indent}{sign} {parts} {'part' if parts == 1 else 'parts'} · {row.title}"

    def _tooltip(self, row: query.TableRow, column: Column) -> str | None:
        if column != Column.TITLE:
            return None
        parts = self._part_counts.get(row.id, 0)
        if not parts and row.id not in self._shown_parts:
            return tooltip(row.title)
        if row.id in self._shown_parts:
            return tooltip(f"{row.title} (a part of the record above it)")
        return tooltip(f"{row.title} ({parts} {'part' if parts == 1 else 'parts'} folded under it)")

    def _decoration(self, row: query.TableRow, column: Column) -> QIcon | None:
        if column != Column.KIND:
            return None
        color = self._colors.get(row.kind)
        return swatch(color) if color else QIcon()

    def _alignment(self, row: query.TableRow, column: Column) -> int | None:
        return _RIGHT if column == Column.AMOUNT_USD else None

    def _whole_row(self, row: query.TableRow, column: Column) -> query.TableRow:
        return row

    def _sort_value(self, row: query.TableRow, column: Column):
        return getattr(row, SORT_KEYS[column]) if column != Column.SIDES else sides(row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(Column):
            self.sortRequested.emit(
                SORT_KEYS[Column(column)], order == Qt.SortOrder.DescendingOrder
            )


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_DISPLAY = {
    Column.DATE: lambda row: row.date,
    Column.KIND: lambda row: row.kind,
    Column.TITLE: lambda row: row.title,
    Column.SIDES: sides,
    Column.AMOUNT_USD: lambda row: format_usd(row.amount_usd),
    Column.STATUS: lambda row: row.status,
}
# What each role reads from a row; a role not listed has no data.
_ROLE_READERS = {
    Qt.ItemDataRole.DisplayRole: RecordsModel._display,
    Qt.ItemDataRole.ToolTipRole: RecordsModel._tooltip,
    Qt.ItemDataRole.DecorationRole: RecordsModel._decoration,
    Qt.ItemDataRole.TextAlignmentRole: RecordsModel._alignment,
    Role.ROW: RecordsModel._whole_row,
    Role.SORT: RecordsModel._sort_value,
}

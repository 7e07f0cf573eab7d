"""Copying a view's selected rows as tab-separated text with a header row, as spreadsheets paste."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QTreeView

Display = Qt.ItemDataRole.DisplayRole


def _header(view: QAbstractItemView) -> QHeaderView | None:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    if isinstance(view, QTreeView):
        return view.header()
    return None


def shown_columns(view: QAbstractItemView) -> list[int]:
    """The model columns the view shows, in the order on screen (moved or hidden ones as seen)."""
    model = view.model()
    header = _header(view)
    if header is None:
        return list(range(model.columnCount()))
    visual = [header.logicalIndex(i) for i in range(header.count())]
    return [column for column in visual if not header.isSectionHidden(column)]


# '1,234,567' as the table shows it; pasted without the commas, any locale reads a number.
_GROUPED = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")


def _cell(value: object) -> str:
    # A tab or line break inside a cell would split it into columns or rows when pasted.
    text = " ".join(str(value if value is not None else "").split())
    return text.replace(",", "") if _GROUPED.fullmatch(text) else text


def selected_rows(view: QAbstractItemView) -> list[int]:
    """The selected rows, top to bottom; the current row when none is selected."""
    rows = sorted({index.row() for index in view.selectionModel().selectedIndexes()})
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    return rows


def rows_as_text(view: QAbstractItemView, rows: list[int] | None = None) -> str:
    """``rows`` (default: the selected ones) as tab-separated lines, the column headers first;
    '' when there are none."""
    rows = selected_rows(view) if rows is None else rows
    if not rows:
        return ""
    model = view.model()
    columns = shown_columns(view)
    lines = ["\t".join(_cell(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
    for row in rows:
        lines.append("\t".join(_cell(model.index(row, c).data(Display)) for c in columns))
    return "\n".join(lines) + "\n"


def copy_rows(view: QAbstractItemView) -> int:
    """Put the selected rows on the clipboard (see ``rows_as_text``); how many were copied."""
    rows = selected_rows(view)
    if rows:
        QApplication.clipboard().setText(rows_as_text(view, rows))
    return len(rows)

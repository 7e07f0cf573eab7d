"""The read-only lists of the dialogs: one row selected at a time, columns fitted, one stretched."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

from bilateral.desktop.common.accessibility import name, no_tab_trap


def list_table(columns: Sequence[str], stretch: int, title: str) -> QTableWidget:
    """A table of ``columns`` that selects whole rows, one at a time, and is never edited
    in place; each column fits its content but ``stretch``, which takes the free width.
    ``title`` is its name for a screen reader; Tab leaves it (the arrows move within)."""
    table = QTableWidget(0, len(columns))
    name(table, title)
    no_tab_trap(table)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    # Rows one line high, whatever the style's default.
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table

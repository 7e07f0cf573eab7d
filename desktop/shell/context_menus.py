"""The right-click menus of the records table, the pair list and the timeline, and Ctrl+C on the table."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QTreeWidgetItem, QWidget

from bilateral.db.parties import PartyTable
from bilateral.desktop.common.clipboard import copy_rows, rows_as_text
from bilateral.desktop.common.labels import pair_label
from bilateral.desktop.records.filter_bar import FilterBar
from bilateral.desktop.records.pairs import PairList, PairRole
from bilateral.desktop.records.records_model import Role
from bilateral.desktop.records.records_table import RecordsTable
from bilateral.desktop.shell.actions import ActionId as A
from bilateral.desktop.timeline.panel import TimelinePanel


class Window(Protocol):
    """What the menus need from the main window."""

    action_map: dict[A, QAction]
    table: RecordsTable
    pairs: PairList
    filter_bar: FilterBar
    timeline: TimelinePanel

    def show_status(self, text: str) -> None: ...


def _no_mnemonic(text: str) -> str:
    return text.replace("&", "&&")


class ContextMenus:
    """Builds each menu when asked for it, from the window's own actions where it has them,
    so that Delete in a menu is the Delete of the Edit menu (same checks, same Undo)."""

    def __init__(self, window: Window) -> None:
        self.window = window
        table = window.table
        self.copy = QAction("&Copy", table)
        self.copy.setObjectName("copy_rows")
        self.copy.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Copy))
        # Only while the table has the focus: Ctrl+C in a text field copies its text.
        self.copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy.setStatusTip("Copy the selected rows, with the column names, to paste anywhere")
        self.copy.triggered.connect(self.copy_records)
        table.addAction(self.copy)
        table.copyRequested.connect(self.copy_records)
        a = window.action_map
        table.addActions([a[A.EDIT_RECORD], a[A.SHOW_PARTS], a[A.DELETE_RECORD]])
        self.menu: QMenu | None = None  # the last one built, for the tests
        for widget, build in (
            (table, self.records_menu),
            (window.pairs, self.pairs_menu),
            (window.timeline.plots.widget, self.timeline_menu),
        ):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            widget.customContextMenuRequested.connect(
                lambda pos, w=widget, b=build: self._popup(w, b(pos), pos)
            )

    def _popup(self, widget: QWidget, menu: QMenu, pos: QPoint) -> None:
        viewport = getattr(widget, "viewport", lambda: widget)()
        menu.popup(viewport.mapToGlobal(pos))

    def _new_menu(self) -> QMenu:
        self.menu = QMenu(self.window)  # type: ignore[arg-type]
        return self.menu

    def _party_table(self) -> PartyTable | None:
        return self.window.pairs.party_table

    # ---------------------------------------------------------------- records table

    def copy_records(self) -> None:
        """Copy the selected rows of the table, as tab-separated text with a header row."""
        copied = copy_rows(self.window.table)
        if copied:
            noun = "row" if copied == 1 else "rows"
            self.window.show_status(f"Copied {copied} {noun}, with the column names.")

    def records_menu(self, pos: QPoint) -> QMenu:
        """The menu for the row at ``pos`` (viewport coordinates), which becomes current."""
        table = self.window.table
        index = table.indexAt(pos)
        if index.isValid() and not table.selectionModel().isRowSelected(index.row()):
            table.select_row(index.row())
        a = self.window.action_map
        menu = self._new_menu()
        menu.addActions([a[A.EDIT_RECORD], a[A.SHOW_PARTS], self.copy, a[A.DELETE_RECORD]])
        row = table.currentIndex().data(Role.ROW) if table.currentIndex().isValid() else None
        if row is None:
            return menu
        menu.addSeparator()
        pair = "-".join(sorted((row.actor, row.partner)))
        label = _no_mnemonic(pair_label(pair, self._party_table()))
        menu.addAction(
            f"Filter by this &pair ({label})", lambda: self.window.filter_bar.set_pair(pair)
        )
        kind = row.kind
        menu.addAction(
            f"Filter by this &kind ({_no_mnemonic(kind)})", lambda: self.filter_kind(kind)
        )
        return menu

    def filter_kind(self, kind: str) -> None:
        """Show only the records of ``kind`` (the other filters stay)."""
        self.window.filter_bar.kinds.set_checked([kind])

    # ---------------------------------------------------------------- pair list

    def pairs_menu(self, pos: QPoint) -> QMenu:
        """The menu for the pair at ``pos``."""
        pairs = self.window.pairs
        item = pairs.itemAt(pos)
        menu = self._new_menu()
        if item is None:
            return menu
        pair = item.data(0, PairRole)
        text = f"Filter by this &pair ({_no_mnemonic(item.text(0))})" if pair else "Show &all pairs"
        menu.addAction(text, lambda: self.window.filter_bar.set_pair(pair))
        menu.addAction("&Copy", lambda: self._copy_pair(item))
        return menu

    def _copy_pair(self, item: QTreeWidgetItem) -> None:
        pairs = self.window.pairs
        QApplication.clipboard().setText(rows_as_text(pairs, [pairs.indexOfTopLevelItem(item)]))
        self.window.show_status(f"Copied {item.text(0)}.")

    # ---------------------------------------------------------------- timeline

    def timeline_menu(self, pos: QPoint) -> QMenu:
        """The menu at ``pos`` on the plots: a kind's filter when a bar or record is there."""
        timeline = self.window.timeline
        menu = self._new_menu()
        menu.addAction(self.window.action_map[A.EXPORT_TIMELINE])
        kind = timeline.plots.kind_at(timeline.plots.widget.mapToScene(pos))
        if kind:
            menu.addAction(
                f"Filter by this &kind ({_no_mnemonic(kind)})", lambda: self.filter_kind(kind)
            )
        menu.addAction("&Show all", timeline.show_all)
        return menu

"""The right-click menus of the records table, the pair list and the timeline, and Ctrl+C on the table."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QTreeWidgetItem, QWidget

from bilateral.db.parties import PartyTable
from bilateral.desktop.common.clipboard import copy_rows, rows_as_text
from bilateral.desktop.common.labels import pair_label, side_label
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


def _copy_action(view: QWidget, name: str, copy) -> QAction:
    """Copy (Ctrl+C) for ``view``, only while it has the focus: in a text field Ctrl+C
    copies the field's text."""
    action = QAction("&Copy", view)
    action.setObjectName(name)
    action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Copy))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(copy)
    view.addAction(action)
    return action


def _no_mnemonic(text: str) -> str:
    return text.replace("&", "&&")


class ContextMenus:
    """Builds each menu when asked for it, from the window's own actions where it has them,
    so that Delete in a menu is the Delete of the Edit menu (same checks, same Undo)."""

    def __init__(self, window: Window) -> None:
        self.window = window
        table = window.table
        self.copy = _copy_action(table, "copy_rows", self.copy_records)
        self.copy.setStatusTip("Copy the selected rows, with the column names, to paste anywhere")
        table.copyRequested.connect(self.copy_records)
        self.copy_pair = _copy_action(window.pairs, "copy_pair", self._copy_current_pair)
        a = window.action_map
        table.addActions([a[A.EDIT_RECORD], a[A.SHOW_PARTS], a[A.DELETE_RECORD]])
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
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one menu per right-click
        menu.popup(viewport.mapToGlobal(pos))

    def _new_menu(self) -> QMenu:
        return QMenu(self.window)  # type: ignore[arg-type]

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
        elif index.isValid():  # among the rows selected, which stay selected to be copied
            table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.NoUpdate
            )
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
        # One side alone: every record it is in, with any partner.
        for side in pair.split("-") if pair else ():
            name = _no_mnemonic(side_label(side, self._party_table()))
            menu.addAction(
                f"Every record of {name}", lambda s=side: self.window.filter_bar.set_pair(s)
            )
        # The pair clicked, which need not be the current one.
        copy = menu.addAction("&Copy", lambda: self._copy_pair(item))
        copy.setShortcut(self.copy_pair.shortcut())
        return menu

    def _copy_current_pair(self) -> None:
        item = self.window.pairs.currentItem()
        if item is not None:
            self._copy_pair(item)

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

"""The list of country pairs with their record counts, the first way into the records."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget
from sqlite_utils import Database

from bilateral.db import parties, query
from bilateral.db.parties import PartyTable
from bilateral.desktop.common.accessibility import name, no_tab_trap
from bilateral.desktop.common.labels import pair_label

PairRole = Qt.ItemDataRole.UserRole + 1


class PairList(QTreeWidget):
    """Every pair in the database, most records first, with 'All pairs' on top.

    Emits ``pairSelected`` with the pair ('' for all pairs) when the user picks one.
    """

    pairSelected = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.party_table: PartyTable | None = None  # read again with the pairs
        # The filter the counts follow, its pair left out: picking a pair recounts nothing.
        self.where = query.Filter()
        self.setObjectName("pairs")
        name(self, "Pairs", "Picking a pair shows its records")
        no_tab_trap(self)
        self.setColumnCount(2)
        self.setHeaderLabels(["Pair", "Records"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setIndentation(0)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.currentItemChanged.connect(self._on_current_changed)

    def set_filter(self, db: Database, where: query.Filter) -> None:
        """Count the records each pair's view holds under ``where`` (its pair aside)."""
        where = query.pair_filter(replace(where, pair=""))
        if where != self.where:
            self.where = where
            self.refresh(db)

    def refresh(self, db: Database) -> None:
        """Read the pairs again, keeping the current one selected.

        The counts are those of the filter (one GROUP BY over the records, as with no
        filter); 'All pairs' counts each record once, however many pairs it is in.
        """
        current = self.current_pair()
        self.party_table = parties.table(db)
        try:
            pairs = query.list_pairs(db, self.where)
            everything = query.count(db, self.where)
        except query.FilterError:  # a bad value in the filter bar, which says so itself
            return
        self.blockSignals(True)
        self.clear()
        self._add("", "All pairs", everything)
        for pair, count in pairs:
            self._add(pair, pair_label(pair, self.party_table), count)
        self.blockSignals(False)
        self.select_pair(current)

    def _add(self, pair: str, label: str, count: int) -> None:
        item = QTreeWidgetItem([label, f"{count:,}"])
        item.setData(0, PairRole, pair)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(0, pair or "Every record")
        self.addTopLevelItem(item)

    def pairs(self) -> list[str]:
        """The pairs listed, in order, without 'All pairs'."""
        return [self.topLevelItem(i).data(0, PairRole) for i in range(1, self.topLevelItemCount())]

    def current_pair(self) -> str:
        """The selected pair, '' for all pairs or none."""
        item = self.currentItem()
        return item.data(0, PairRole) if item else ""

    def select_pair(self, pair: str) -> None:
        """Mark ``pair`` as chosen without emitting; none when it is not listed."""
        self.blockSignals(True)
        self.setCurrentItem(None)
        self.clearSelection()
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item.data(0, PairRole) == pair:
                self.setCurrentItem(item)
                break
        self.blockSignals(False)

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is not None:
            self.pairSelected.emit(current.data(0, PairRole))

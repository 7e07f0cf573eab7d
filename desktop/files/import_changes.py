"""What an import would change in records already there, and the rows it skips as duplicates."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from bilateral.db.csvfile import ImportReport
from bilateral.desktop.common.accessibility import name

KEEP, TAKE = "Keep the database's", "Take the file's"


class ChangesTree(QTreeWidget):
    """One item per changed record (edited in the file, or a conflict), its fields below it,
    old → new. A conflict has a choice: keep the stored version (the default) or take the file's.

    ``choicesChanged`` is emitted when a choice changes; ``taken()`` gives the uids whose
    conflicts take the file's version.
    """

    choicesChanged = Signal()

    def __init__(self, report: ImportReport, taken: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changes")
        name(self, "Records the import changes")
        self.setColumnCount(4)
        self.setHeaderLabels(["Row / field", "In the database", "In the file", "Keep"])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)  # values are at most 60 characters: shown whole, wrapped
        self.setUniformRowHeights(False)
        self.choices: dict[str, QComboBox] = {}
        groups: dict[tuple[int, str], QTreeWidgetItem] = {}
        for change in report.changes:
            group = groups.get((change.row, change.uid))
            if group is None:
                group = self._group(change.row, change.uid, change.kind, change.uid in taken)
                groups[(change.row, change.uid)] = group
            item = QTreeWidgetItem(group, [change.field, change.old, change.new])
            item.setToolTip(1, change.old)
            item.setToolTip(2, change.new)
        self.expandAll()
        header = self.header()
        header.setStretchLastSection(False)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)

    def _group(self, row: int, uid: str, kind: str, take: bool) -> QTreeWidgetItem:
        conflict = kind == "conflict"
        what = "conflict: changed in both" if conflict else "edited in the file"
        item = QTreeWidgetItem(self, [f"row {row}", uid, what])
        item.setToolTip(0, f"{uid}: {what}")
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        if conflict:
            choice = QComboBox()
            choice.addItems([KEEP, TAKE])
            choice.setCurrentIndex(1 if take else 0)
            choice.setToolTip("The record was changed in the database and in the file")
            name(choice, f"Version to keep of row {row}")
            choice.currentIndexChanged.connect(lambda _i: self.choicesChanged.emit())
            self.setItemWidget(item, 3, choice)
            self.choices[uid] = choice
        else:
            item.setText(3, "the file's")
        return item

    def taken(self) -> set[str]:
        """The uids of the conflicts whose file version is to be taken."""
        return {uid for uid, choice in self.choices.items() if choice.currentIndex() == 1}


class DuplicatesTree(QTreeWidget):
    """The rows without uid that match a record already there (or an earlier row)."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicates")
        name(self, "Duplicate rows")
        self.setColumnCount(3)
        self.setHeaderLabels(["Duplicate row", "Same as", "Which is"])
        self.setRootIsDecorated(False)
        for duplicate in report.duplicates:
            where = (
                f"row {duplicate.earlier_row} of this file"
                if duplicate.earlier_row
                else duplicate.uid
            )
            item = QTreeWidgetItem(self, [str(duplicate.row), duplicate.title, where])
            item.setToolTip(1, duplicate.title)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

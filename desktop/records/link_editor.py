"""The record dialog's links: a table of relation | linked record, and a search to add one."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from bilateral.db.model import Link
from bilateral.db.schema import RELATIONS
from bilateral.desktop.common import theme
from bilateral.desktop.common.accessibility import name

# For the text typed, (uid, title, date) of the records it finds, a few at most.
Finder = Callable[[str], list[tuple]]
# The titles of the uids given, for the links a record already holds.
Titler = Callable[[Iterable[str]], dict[str, str]]
# (relation, uid, title) of the records that link to the uid given.
Incoming = Callable[[str], list[tuple]]
UID_ROLE = Qt.ItemDataRole.UserRole


def linked_text(uid: str, title: str) -> str:
    """'Title (uid)', or the uid alone when no record has it."""
    return f"{title} ({uid})" if title else f"{uid} (no such record)"


class LinkEditor(QWidget):
    """A record's links. ``changed`` follows every link added or removed.

    The other record is found by typing part of its title or uid: the type-ahead
    asks ``find`` for a few matches each time, so no list of every record is read.
    """

    changed = Signal()

    def __init__(
        self,
        find: Finder = lambda _text: [],
        titles: Titler = lambda _uids: {},
        incoming: Incoming = lambda _uid: [],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.find, self.titles, self.incoming = find, titles, incoming
        # What links to this record is the other records' to change; it is shown, not edited.
        self.linked_from = QLabel()
        self.linked_from.setTextFormat(Qt.TextFormat.PlainText)
        self.linked_from.setWordWrap(True)
        theme.tint(self.linked_from, "muted")
        self.linked_from.hide()
        self.table = _LinkTable(0, 2)
        self.table.setHorizontalHeaderLabels(["Relation", "Linked record"])
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.relation = QComboBox()
        for relation in RELATIONS:
            self.relation.addItem(relation, relation)
        self.search = _SearchEdit(self)
        self.search.setPlaceholderText("Type part of the other record's title or uid")
        self._found = QStringListModel(self)
        self._uids: dict[str, str] = {}  # the type-ahead's entries, each to its uid
        completer = QCompleter(self._found, self.search)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.search.setCompleter(completer)
        self.search.textEdited.connect(self._look_up)
        self.add_button = QPushButton("Add link")
        self.remove_button = QPushButton("Remove")
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
        self.add_button.setEnabled(False)
        self.search.textChanged.connect(
            lambda: self.add_button.setEnabled(self.chosen_uid() is not None)
        )
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 0, 0, 1, 2)
        layout.addWidget(self.remove_button, 0, 2, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.relation, 1, 0)
        layout.addWidget(self.search, 1, 1)
        layout.addWidget(self.add_button, 1, 2)
        layout.addWidget(self.linked_from, 2, 0, 1, 3)
        layout.setColumnStretch(1, 1)
        self.add_button.clicked.connect(self.add_chosen)
        self.remove_button.clicked.connect(self.remove_current)
        for widget, text in (
            (self.relation, "Relation of the new link"),
            (self.search, "Record to link to"),
            (self.remove_button, "Remove link"),
        ):
            name(widget, text)

    def focus_order(self) -> list[QWidget]:
        """The widgets Tab walks, in order."""
        return [self.table, self.remove_button, self.relation, self.search, self.add_button]

    def links(self) -> list[Link]:
        """The links, in the table's order."""
        return [
            Link(self.table.item(row, 0).text(), self.table.item(row, 1).data(UID_ROLE))
            for row in range(self.table.rowCount())
        ]

    def set_links(self, links: Iterable[Link], own_uid: str = "") -> None:
        """Replace every link, each shown with its record's title; with ``own_uid``,
        say which records link to this one."""
        links = list(links)
        incoming = self.incoming(own_uid) if own_uid else []
        self.linked_from.setText(
            "Linked from: " + "; ".join(f"{t[0]} {t[2] or t[1]}" for t in incoming)
        )
        self.linked_from.setVisible(bool(incoming))
        titles = self.titles([link.uid for link in links]) if links else {}
        self.table.setRowCount(0)
        for link in links:
            self._append(link, titles.get(link.uid, ""))

    def _append(self, link: Link, title: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(link.relation))
        item = QTableWidgetItem(linked_text(link.uid, title))
        item.setData(UID_ROLE, link.uid)
        item.setToolTip(link.uid)
        self.table.setItem(row, 1, item)

    def _look_up(self, text: str) -> None:
        self._uids = {}
        for uid, title, date in self.find(text):
            self._uids[f"{title} · {date} ({uid})"] = uid
        self._found.setStringList(list(self._uids))

    def chosen_uid(self) -> str | None:
        """The uid of the record picked in the search, or typed there whole."""
        text = self.search.text().strip()
        if text in self._uids:
            return self._uids[text]
        if text in self._uids.values():
            return text
        return None

    def add_chosen(self) -> None:
        """Add a link of the chosen relation to the record picked in the search."""
        uid = self.chosen_uid()
        if uid is None:
            return
        title = self.titles([uid]).get(uid, "")
        self._append(Link(self.relation.currentData(), uid), title)
        self.search.clear()
        self.changed.emit()

    def remove_current(self) -> None:
        """Remove the link of the current row."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()


class _LinkTable(QTableWidget):
    """A table that asks for less height than Qt's default, so that with the search row
    beneath it the links take no more room than the participants beside them."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint()
        return QSize(hint.width(), 110)


class _SearchEdit(QLineEdit):
    """Enter on a record picked adds the link, rather than saving the dialog."""

    def __init__(self, editor: LinkEditor):
        super().__init__()
        self.editor = editor

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.editor.chosen_uid() is not None:
            self.editor.add_chosen()
            return
        super().keyPressEvent(event)

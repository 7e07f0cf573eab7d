"""Field widgets for the record dialog: code pickers, partial dates, tags and editable lists."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bilateral.db import countries, dates
from bilateral.desktop.common import theme
from bilateral.desktop.common.accessibility import name
from bilateral.desktop.common.plain import no_mnemonic
from bilateral.desktop.records.codes import code_from_text, label, ranked

# A tag in a field: a rounded chip in a tint of the selection colour.
_CHIP = (
    "QToolButton {{ border: 1px solid {chip_border}; border-radius: 8px; padding: 0 6px;"
    " background: {chip}; color: {text}; }}"
)

Hints = Callable[[str], tuple[str | None, Collection[str]]]


class RankedCompleter(QCompleter):
    """A type-ahead on ``edit`` that lists the entries best first, as ``codes.ranked`` orders them.

    QCompleter itself only filters (contains or starts with) and keeps the model's order,
    so the list is ranked anew each time the user types and shown unfiltered.

    :param hints: for the text typed, the entry it means and the entries that count as
        starting with it (see ``codes.ranked``).
    """

    def __init__(self, edit: QLineEdit, hints: Hints = lambda _: (None, ())):
        self._model = QStringListModel(edit)
        super().__init__(self._model, edit)
        self._entries: list[str] = []
        self._hints = hints
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setMaxVisibleItems(12)
        edit.setCompleter(self)
        # QLineEdit asks its completer to complete after emitting textEdited: the list is
        # ranked by then.
        edit.textEdited.connect(self._rank)

    def set_entries(self, entries: Iterable[str]) -> None:
        """Offer these entries, in this order when nothing is typed."""
        self._entries = list(entries)
        self._model.setStringList(self._entries)

    def shown(self) -> list[str]:
        """The entries on offer for the text typed, best first."""
        return self._model.stringList()

    def _rank(self, text: str) -> None:
        self._model.setStringList(ranked(self._entries, text, *self._hints(text)))


class CodePicker(QLineEdit):
    """Type a code, a name or part of one; the type-ahead offers 'Name (CODE)', best first.

    :param country: the names are the countries, which may be typed in every form
        db.countries reads ('ru', 'Ivory Coast').
    """

    def __init__(
        self,
        names: Mapping[str, str],
        placeholder: str,
        parent: QWidget | None = None,
        *,
        country: bool = False,
    ):
        super().__init__(parent)
        self.names = names
        self.country = country
        self.setPlaceholderText(placeholder)
        completer = RankedCompleter(self, self._hints)
        completer.set_entries(label(c, names) for c in names)

    def _hints(self, text: str) -> tuple[str | None, set[str]]:
        code = code_from_text(text, self.names, country=self.country)
        best = label(code, self.names) if code in self.names else None
        others = countries.starting(text) if self.country else set()
        return best, {label(c, self.names) for c in others if c in self.names}

    def code(self) -> str:
        """The code meant by the text ('' when empty)."""
        if not self.text().strip():
            return ""
        return code_from_text(self.text(), self.names, country=self.country)

    def set_code(self, code: str) -> None:
        """Show ``code`` as 'Name (CODE)'."""
        self.setText(label(code, self.names) if code else "")


class PartialDateEdit(QWidget):
    """A date as YYYY, YYYY-MM or YYYY-MM-DD, with its precision shown beside it."""

    edited = Signal()

    def __init__(self, placeholder: str = "YYYY, YYYY-MM or YYYY-MM-DD", parent=None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.precision = QLabel()
        self.precision.setMinimumWidth(90)
        theme.tint(self.precision, "muted")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.precision)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._show_precision)
        self.edit.textEdited.connect(self.edited)

    def text(self) -> str:
        """The date as typed, without surrounding blanks."""
        return self.edit.text().strip()

    def setText(self, text: str) -> None:  # noqa: N802 - the Qt spelling, as QLineEdit
        """Show a date."""
        self.edit.setText(text)

    def _show_precision(self, text: str) -> None:
        text = text.strip()
        try:
            dates.parse(text)
        except dates.PartialDateError:
            self.precision.setText("")
            return
        self.precision.setText(
            {"year": "year only", "month": "month only", "day": "exact day"}[dates.precision(text)]
        )


class TagEdit(QWidget):
    """Tags as removable chips; a comma, Enter or leaving the field turns the text into a tag."""

    changed = Signal()

    def __init__(self, placeholder: str = "Type and press comma", parent=None):
        super().__init__(parent)
        self._tags: list[str] = []
        self._chips = QHBoxLayout()
        self._chips.setContentsMargins(0, 0, 0, 0)
        self.edit = _TagLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._chips)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self.commit)

    def tags(self) -> list[str]:
        """The tags, including text typed but not yet turned into one."""
        pending = self.edit.text().strip()
        return self._tags + ([pending] if pending and pending not in self._tags else [])

    def set_tags(self, tags: Iterable[str]) -> None:
        """Replace every tag."""
        self._tags = []
        for tag in tags:
            self._add(tag)
        self._rebuild()

    def commit(self) -> bool:
        """Turn the typed text into a tag; False when there was none."""
        text = self.edit.text().strip().strip(",").strip()
        self.edit.clear()
        if not text:
            return False
        self._add(text)
        self._rebuild()
        self.changed.emit()
        return True

    def remove_last(self) -> None:
        """Remove the last tag (Backspace in an empty field)."""
        if self._tags:
            self._tags.pop()
            self._rebuild()
            self.changed.emit()

    def _add(self, tag: str) -> None:
        if tag and tag not in self._tags:
            self._tags.append(tag)

    def _remove(self, tag: str) -> None:
        self._tags.remove(tag)
        self._rebuild()
        self.changed.emit()

    def _on_edited(self, text: str) -> None:
        if "," in text:
            for part in text.split(","):
                self._add(part.strip())
            self.edit.clear()
            self._rebuild()
        self.changed.emit()

    def _rebuild(self) -> None:
        while self._chips.count():
            self._chips.takeAt(0).widget().deleteLater()
        for tag in self._tags:
            chip = QToolButton()
            chip.setText(f"{no_mnemonic(tag)}  ×")  # never rich text, but & would be a mnemonic
            chip.setToolTip("Remove this tag")
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            theme.styled(chip, _CHIP)
            chip.clicked.connect(lambda _=False, t=tag: self._remove(t))
            self._chips.addWidget(chip)


class _TagLineEdit(QLineEdit):
    def __init__(self, tags: TagEdit):
        super().__init__()
        self.tags = tags

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tags.commit():
            return  # Enter made a tag; a second Enter saves the dialog
        if key == Qt.Key.Key_Backspace and not self.text():
            self.tags.remove_last()
            return
        super().keyPressEvent(event)


class ListEditor(QWidget):
    """An editable list of items with named columns, and Add and Remove buttons.

    Tab leaves the list instead of walking its cells, so the dialog's tab order
    stays simple; arrows and F2 or typing edit the cells.
    """

    changed = Signal()

    def __init__(self, columns: Sequence[str], noun: str, parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(list(columns))
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultSectionSize(150)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.add_button = QPushButton(f"Add {noun}")
        self.remove_button = QPushButton("Remove")
        self.add_button.setAutoDefault(False)
        self.remove_button.setAutoDefault(False)
        name(self.remove_button, f"Remove {noun}")  # one of several Remove buttons
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())

    def rows(self) -> list[list[str]]:
        """The items, each a list of its cells' text."""
        return [
            [self._cell(row, column) for column in range(self.table.columnCount())]
            for row in range(self.table.rowCount())
        ]

    def set_rows(self, rows: Iterable[Sequence[str]]) -> None:
        """Replace every item."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for values in rows:
            self._append(values)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount() - 1):
            # Long quotes and titles stay readable in the cell editor, not in the column.
            self.table.setColumnWidth(column, min(max(self.table.columnWidth(column), 110), 240))

    def add_row(self) -> None:
        """Add an empty item and start editing its first cell."""
        row = self._append([""] * self.table.columnCount())
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        self.changed.emit()

    def remove_row(self) -> None:
        """Remove the current item."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def _append(self, values: Sequence[str]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))
        return row

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item else ""

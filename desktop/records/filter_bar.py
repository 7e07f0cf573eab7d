"""The filter bar: pair, kinds, date range, status and free text, applied as the user types."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from bilateral.db import dates, query
from bilateral.db.parties import PartyTable
from bilateral.db.records import Kind
from bilateral.db.schema import STATUSES
from bilateral.desktop.common import theme
from bilateral.desktop.common.accessibility import name
from bilateral.desktop.common.icons import icon, set_icon, swatch
from bilateral.desktop.common.labels import pair_label
from bilateral.desktop.common.plain import tooltip
from bilateral.desktop.records.checklist import ChecklistButton
from bilateral.desktop.records.codes import pair_from_text
from bilateral.desktop.records.record_fields import RankedCompleter

DEBOUNCE_MS = 250
_INVALID = "QLineEdit {{ background: {invalid}; color: {text}; }}"
_DATE_TIP = "A year, a month or a day: 2023, 2023-06 or 2023-06-15"


def _line_edit(placeholder: str, width: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.setMinimumWidth(width)
    return edit


class FilterBar(QWidget):
    """Emits ``changed`` with a db.query.Filter a moment after the user stops typing.

    Values that cannot be used yet (half a pair, an impossible date) are marked
    and left out of the filter instead of raising.
    """

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("filter_bar")
        self._party_table: PartyTable | None = None  # countries only until set_pairs
        self.pair = _line_edit("Pair or party: names or codes", 190)
        self._pair_completer = RankedCompleter(self.pair, self._pair_entry)
        self.kinds = ChecklistButton("kinds")
        self.since = _line_edit("From date", 105)
        self.until = _line_edit("To date", 105)
        for edit in (self.since, self.until):
            edit.setToolTip(_DATE_TIP)
        self.statuses = ChecklistButton("statuses")
        self.statuses.set_items((s, None) for s in STATUSES)
        self.text = _line_edit("Search titles, summaries, quotes, people…", 240)
        find = self.text.addAction(icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        set_icon(find, "find")
        self.clear_button = QToolButton()
        set_icon(self.clear_button, "clear")
        self.clear_button.setToolTip("Clear every filter")
        for widget, text in (
            (self.pair, "Pair filter"),
            (self.kinds, "Kinds"),
            (self.since, "From date"),
            (self.until, "To date"),
            (self.statuses, "Statuses"),
            (self.text, "Search"),
            (self.clear_button, "Clear every filter"),
        ):
            name(widget, text)
        self.text.setToolTip("Esc clears the search; Enter or ↓ goes to the records found")
        self._through_membership = False
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply)
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        for widget in (self.pair, self.kinds, self.since, QLabel("–")):
            layout.addWidget(widget)
        for widget in (self.until, self.statuses, self.text, self.clear_button):
            layout.addWidget(widget)
        layout.setStretchFactor(self.text, 1)

    def _connect(self) -> None:
        for edit in (self.pair, self.since, self.until, self.text):
            edit.textEdited.connect(self._timer.start)
        self.pair.completer().activated.connect(self.apply)
        self.kinds.changed.connect(self.apply)
        self.statuses.changed.connect(self.apply)
        self.clear_button.clicked.connect(self.clear)

    def set_pairs(self, pairs: Iterable[str], party_table: PartyTable | None = None) -> None:
        """Offer these pairs in the type-ahead, with their names; read sides as ``party_table``'s."""
        self._party_table = party_table
        self._pair_completer.set_entries(f"{p} · {pair_label(p, party_table)}" for p in pairs)

    def _pair_entry(self, text: str) -> tuple[str | None, tuple[()]]:
        """The type-ahead entry of the pair typed in full ('Russia, Cuba'), to list first."""
        pair = pair_from_text(text, self._party_table)
        return (f"{pair} · {pair_label(pair, self._party_table)}" if pair else None), ()

    def set_kinds(self, kinds: Iterable[Kind]) -> None:
        """Offer these kinds, each with its colour."""
        self.kinds.set_items((k.name, swatch(k.color)) for k in kinds)

    def set_through_membership(self, on: bool) -> None:
        """Widen a pair's view to its sides' organisations (or not), and apply at once."""
        self._through_membership = on
        self.apply()

    def set_pair(self, pair: str) -> None:
        """Show ``pair`` ('' for all) and apply at once, as when picked from the pair list."""
        self.pair.setText(f"{pair} · {pair_label(pair, self._party_table)}" if pair else "")
        self.apply()

    def focus_text(self) -> None:
        """Put the cursor in the search field with its text selected."""
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text.selectAll()

    def clear(self) -> None:
        """Remove every filter and apply."""
        for edit in (self.pair, self.since, self.until, self.text):
            edit.clear()
        for button in (self.kinds, self.statuses):
            button.blockSignals(True)
            button.clear()
            button.blockSignals(False)
        self.apply()

    def apply(self) -> None:
        """Emit the current filter now."""
        self._timer.stop()
        self.changed.emit(self.filter())

    def filter(self) -> query.Filter:
        """The filter as typed, leaving out what is not valid yet."""
        pair = pair_from_text(self.pair.text(), self._party_table) or ""
        _mark(self.pair, bool(self.pair.text().strip()) and not pair)
        return query.Filter(
            pair=pair,
            kinds=self.kinds.checked(),
            since=_date(self.since),
            until=_date(self.until),
            statuses=self.statuses.checked(),
            text=self.text.text(),
            parties=self._party_table,
            through_membership=self._through_membership,
        )


def _date(edit: QLineEdit) -> str:
    text = edit.text().strip()
    try:
        if text:
            dates.parse(text)
    except dates.PartialDateError as error:
        _mark(edit, True, str(error))
        return ""
    _mark(edit, False)
    return text


def _mark(edit: QLineEdit, invalid: bool, why: str = "not understood yet") -> None:
    theme.styled(edit, _INVALID if invalid else "")
    edit.setToolTip(
        tooltip(why) if invalid else _DATE_TIP if edit.placeholderText().endswith("date") else ""
    )

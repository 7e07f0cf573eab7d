"""The record dialog's fields, laid out in reading order, each with its problem label beneath."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bilateral.db import dates, reference
from bilateral.db.cells import format_number
from bilateral.db.records import Kind, Record
from bilateral.db.schema import DIRECTIONS, STATUSES
from bilateral.db.validation import fill_usd
from bilateral.desktop.common.icons import swatch
from bilateral.desktop.records.record_fields import CodePicker, ListEditor, PartialDateEdit, TagEdit

DIRECTION_LABELS = {"one-way": "One-way: the actor acts or gives", "mutual": "Mutual: both sides"}
BASIS_LABELS = {
    "": "Automatic (ECB rate)",
    "source": "Stated in the source",
    "user": "Entered by me",
}
QUAD_LABELS = {
    0: "From the kind",
    1: "1 · verbal cooperation",
    2: "2 · material cooperation",
    3: "3 · verbal conflict",
    4: "4 · material conflict",
}


def _combo(items: dict, icons: dict | None = None) -> QComboBox:
    combo = QComboBox()
    for value, text in items.items():
        combo.addItem(text, value)
        if icons and value in icons:
            combo.setItemIcon(combo.count() - 1, icons[value])
    return combo


def _problem_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what the user typed
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


class RecordForm(QWidget):
    """The fields of a record; ``edited(field)`` names the Record field the user changed."""

    edited = Signal(str)

    def __init__(self, kinds: list[Kind], parent: QWidget | None = None):
        super().__init__(parent)
        countries = reference.countries()
        self.actor = CodePicker(countries, "Country that acts or gives", country=True)
        self.partner = CodePicker(countries, "The other country", country=True)
        self.direction = _combo(DIRECTION_LABELS)
        self.kind = _combo(
            {k.name: k.name for k in kinds}, {k.name: swatch(k.color) for k in kinds}
        )
        self.kind.setPlaceholderText("Choose a kind")
        self.kind.setCurrentIndex(-1)
        self.date = PartialDateEdit()
        self.end_date = PartialDateEdit("Only for things that last")
        self.status = _combo({s: s for s in STATUSES})
        self.status.setCurrentIndex(STATUSES.index("completed"))
        self.location = QLineEdit()
        self.terms_disclosed = QCheckBox("The terms are public")
        self.terms_disclosed.setChecked(True)
        self.title = QLineEdit()
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(80)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("In the original currency")
        self.currency = CodePicker(reference.currencies(), "ISO 4217, such as CNY")
        self.amount_usd = QLineEdit()
        self.usd_basis = _combo(BASIS_LABELS)
        self.usd_hint = QLabel()
        self.usd_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.usd_hint.setStyleSheet("color: #666;")
        self.usd_hint.setWordWrap(True)
        self.sectors = TagEdit("Such as energy, agriculture (comma between)")
        self.cameo_code = QLineEdit()
        self.cameo_code.setPlaceholderText("From the kind")
        self.quad_class = _combo(QUAD_LABELS)
        self.participants = ListEditor(("Name", "Country", "Role"), "participant")
        self.sources = ListEditor(("Publisher", "Title", "URL", "Published", "Quote"), "source")
        self.problem_labels: dict[str, QLabel] = {}
        self.field_names: dict[str, str] = {}
        self._order: list[QWidget] = []
        self._lay_out()
        self._connect()

    def _row(self, form: QFormLayout, name: str, text: str, widget: QWidget) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        label = _problem_label()
        column.addWidget(label)
        form.addRow(text, box)
        self.problem_labels[name] = label
        self.field_names[name] = text.rstrip(":").lower()
        self._order.append(widget)

    def _lay_out(self) -> None:
        left, right = QFormLayout(), QFormLayout()
        for form, rows in (
            (
                left,
                (
                    ("actor", "Actor:", self.actor),
                    ("partner", "Partner:", self.partner),
                    ("direction", "Direction:", self.direction),
                    ("kind", "Kind:", self.kind),
                    ("date", "Date:", self.date),
                    ("end_date", "End date:", self.end_date),
                    ("status", "Status:", self.status),
                    ("location", "Place:", self.location),
                    ("terms_disclosed", "Terms:", self.terms_disclosed),
                ),
            ),
            (
                right,
                (
                    ("title", "Title:", self.title),
                    ("summary", "Summary:", self.summary),
                    ("amount", "Amount:", self.amount),
                    ("currency", "Currency:", self.currency),
                    ("amount_usd", "USD value:", self.amount_usd),
                    ("usd_basis", "USD basis:", self.usd_basis),
                    ("sectors", "Sectors:", self.sectors),
                    ("cameo_code", "CAMEO code:", self.cameo_code),
                    ("quad_class", "Quad class:", self.quad_class),
                ),
            ),
        ):
            for name, text, widget in rows:
                self._row(form, name, text, widget)
        right.insertRow(right.rowCount() - 3, "", self.usd_hint)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(1, 1)
        for row, (name, title, editor) in enumerate(
            (
                ("participants", "Participants", self.participants),
                ("sources", "Sources", self.sources),
            ),
            1,
        ):
            group = QGroupBox(title)
            box = QVBoxLayout(group)
            box.addWidget(editor)
            label = _problem_label()
            box.addWidget(label)
            editor.table.setMinimumHeight(90)
            self.problem_labels[name] = label
            self.field_names[name] = title.lower()
            grid.addWidget(group, row, 0, 1, 2)
            self._order += [editor.table, editor.add_button, editor.remove_button]
        self.problem_labels["record"] = _problem_label()
        grid.addWidget(self.problem_labels["record"], 3, 0, 1, 2)
        self.field_names["record"] = "record"

    def _connect(self) -> None:
        for name in (
            "actor",
            "partner",
            "location",
            "title",
            "amount",
            "currency",
            "amount_usd",
            "cameo_code",
        ):
            getattr(self, name).textEdited.connect(lambda _t, n=name: self.edited.emit(n))
        for name in ("actor", "partner", "currency"):
            getattr(self, name).completer().activated.connect(
                lambda _t, n=name: self.edited.emit(n)
            )
        for name in ("direction", "kind", "status", "usd_basis", "quad_class"):
            getattr(self, name).activated.connect(lambda _i, n=name: self.edited.emit(n))
        for name in ("date", "end_date"):
            getattr(self, name).edited.connect(lambda n=name: self.edited.emit(n))
        self.summary.textChanged.connect(lambda: self.edited.emit("summary"))
        self.terms_disclosed.toggled.connect(lambda _c: self.edited.emit("terms_disclosed"))
        for name in ("sectors", "participants", "sources"):
            getattr(self, name).changed.connect(lambda n=name: self.edited.emit(n))

    def chain_tab_order(self, last: QWidget) -> None:
        """Tab walks the left column, the right column, the lists, then ``last``."""
        chain = [*self._order, last]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def load(self, record: Record) -> None:
        """Show every field of ``record``."""
        self.actor.set_code(record.actor)
        self.partner.set_code(record.partner)
        self.direction.setCurrentIndex(max(0, DIRECTIONS.index(record.direction)))
        self.kind.setCurrentIndex(self.kind.findData(record.kind))
        self.date.setText(record.date)
        self.end_date.setText(record.end_date)
        self.status.setCurrentIndex(self.status.findData(record.status))
        self.location.setText(record.location)
        self.terms_disclosed.setChecked(record.terms_disclosed)
        self.title.setText(record.title)
        self.summary.setPlainText(record.summary)
        self.amount.setText(format_number(record.amount))
        self.currency.set_code(record.currency)
        # An ECB value is derived: leave it empty so it follows the amount and date.
        if record.amount_usd is not None and record.usd_basis != "ecb":
            self.amount_usd.setText(f"{record.amount_usd:.2f}".rstrip("0").rstrip("."))
            self.usd_basis.setCurrentIndex(self.usd_basis.findData(record.usd_basis))
        self.sectors.set_tags(record.sectors)
        self.cameo_code.setText(record.cameo_code)
        self.quad_class.setCurrentIndex(self.quad_class.findData(record.quad_class or 0))
        self.participants.set_rows((p.name, p.country, p.role) for p in record.participants)
        self.sources.set_rows(
            (s.publisher, s.title, s.url, s.published, s.quote) for s in record.sources
        )

    def load_pair(self, pair: str) -> None:
        """Start a new record between the two countries of ``pair``."""
        actor, partner = pair.split("-")
        self.actor.set_code(actor)
        self.partner.set_code(partner)
        self.actor.selectAll()

    def show_usd_hint(self, record: Record) -> None:
        """Say where the USD value will come from."""
        hint = _usd_hint(record, bool(self.amount_usd.text().strip()))
        self.usd_hint.setText(hint)
        self.usd_hint.setVisible(bool(hint))


def _usd_hint(record: Record, typed: bool) -> str:
    if typed or record.amount is None or not reference.is_currency(record.currency):
        return ""
    try:
        on = dates.midpoint(record.date)
    except dates.PartialDateError:
        return "Enter the date to convert the amount at the ECB rate of that day."
    filled = fill_usd(record)
    if filled.amount_usd is None:
        return f"The ECB publishes no rate for {record.currency}: enter the USD value."
    if record.currency == "USD":
        return "The amount is in USD already."
    return (
        f"≈ {filled.amount_usd:,.0f} USD at the ECB rate of {on.isoformat()} (filled in on saving)."
    )

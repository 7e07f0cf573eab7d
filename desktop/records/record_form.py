"""The record dialog's fields, laid out in reading order, each with its problem label beneath."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bilateral.db import cameo, reference
from bilateral.db.cells import encode_items, format_number
from bilateral.db.records import Kind, Record
from bilateral.db.schema import CLAIM_STATUSES, DIRECTIONS, STATUSES
from bilateral.db.validation import usd_conversion
from bilateral.desktop.common import theme
from bilateral.desktop.common.accessibility import label_for, plain
from bilateral.desktop.common.accessibility import name as accessible_name
from bilateral.desktop.common.icons import swatch
from bilateral.desktop.records.link_editor import Finder, Incoming, LinkEditor, Titler
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
    theme.tint(label, "error")
    label.hide()
    return label


class RecordForm(QWidget):
    """The fields of a record; ``edited(field)`` names the Record field the user changed."""

    edited = Signal(str)

    def __init__(
        self,
        kinds: list[Kind],
        parent: QWidget | None = None,
        find: Finder = lambda _text: [],
        titles: Titler = lambda _uids: {},
        incoming: Incoming = lambda _uid: [],
        parties: Mapping[str, str] | None = None,
    ):
        super().__init__(parent)
        # Organisations come after the countries, so 'bri' offers Brazil before BRICS.
        countries = {**reference.countries(), **(parties or {})}
        self.actor = CodePicker(countries, "Country or party that acts or gives", country=True)
        self.partner = CodePicker(countries, "The other country or party", country=True)
        # Beyond the two sides: a summit's others, a loan's co-financiers, with a role.
        self.other_parties = QLineEdit()
        self.other_parties.setPlaceholderText("Such as VEN | co-financier; Bolivia")
        self.other_parties.setToolTip(
            "More countries or parties taking part: code or name, then | and a role if "
            "known; ; between them. The record shows in each of their pairs' views."
        )
        self.direction = _combo(DIRECTION_LABELS)
        self.kind = _combo(
            {k.name: k.name for k in kinds}, {k.name: swatch(k.color) for k in kinds}
        )
        self.kind.setPlaceholderText("Choose a kind")
        self.kind.setCurrentIndex(-1)
        # An empty CAMEO code or "From the kind" quad class follows the kind as it changes;
        # only a value the user set stays.
        self.kind_codes = {k.name: (k.cameo_code, k.quad_class) for k in kinds}
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
        theme.tint(self.usd_hint, "muted")
        self.usd_hint.setWordWrap(True)
        self.sectors = TagEdit("Such as energy, agriculture (comma between)")
        self.cameo_code = QLineEdit()
        self.cameo_code.setPlaceholderText("From the kind")
        self.cameo_code.setMaximumWidth(110)
        self.cameo_label = QLabel()
        self.cameo_label.setTextFormat(Qt.TextFormat.PlainText)
        theme.tint(self.cameo_label, "muted")
        self.cameo_label.setWordWrap(True)
        self.quad_class = _combo(QUAD_LABELS)
        self.claim_status = _combo({c: c for c in CLAIM_STATUSES})
        self.claim_status.setToolTip(
            "Who says so, and how sure: established, or a claim and how it stands"
        )
        self.claimed_by = QLineEdit()
        self.claimed_by.setPlaceholderText("Claimed by, such as The Wall Street Journal")
        accessible_name(self.claimed_by, "Claimed by")
        self.links = LinkEditor(find, titles, incoming)
        self.participants = ListEditor(("Name", "Country", "Role"), "participant")
        self.sources = ListEditor(("Publisher", "Title", "URL", "Published", "Quote"), "source")
        self.problem_labels: dict[str, QLabel] = {}
        self.field_names: dict[str, str] = {}
        self._order: list[QWidget] = []
        self._lay_out()
        self._connect()
        self._follow_kind()

    def _row(
        self,
        form: QFormLayout,
        name: str,
        text: str,
        widget: QWidget,
        beside: QWidget | None = None,
    ) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        if beside is None:
            column.addWidget(widget)
        else:
            line = QHBoxLayout()
            line.addWidget(widget)
            line.addWidget(beside, 1)
            column.addLayout(line)
        label = _problem_label()
        column.addWidget(label)
        # The label names the field itself (the line in a date or sectors field), not its box.
        form.addRow(label_for(text, getattr(widget, "edit", widget)), box)
        self.problem_labels[name] = label
        self.field_names[name] = plain(text).lower()
        self._order.append(widget)

    def _lay_out(self) -> None:
        left, right = QFormLayout(), QFormLayout()
        for form, rows in (
            (
                left,
                (
                    ("actor", "&Actor:", self.actor),
                    ("partner", "&Partner:", self.partner),
                    ("other_parties", "Ot&hers:", self.other_parties),
                    ("direction", "D&irection:", self.direction),
                    ("kind", "&Kind:", self.kind),
                    ("date", "&Date:", self.date),
                    ("end_date", "E&nd date:", self.end_date),
                    ("status", "&Status:", self.status),
                    ("location", "P&lace:", self.location),
                    ("terms_disclosed", "Te&rms:", self.terms_disclosed),
                ),
            ),
            (
                right,
                (
                    ("title", "&Title:", self.title),
                    ("summary", "S&ummary:", self.summary),
                    ("amount", "Am&ount:", self.amount),
                    ("currency", "Currenc&y:", self.currency),
                    ("amount_usd", "USD &value:", self.amount_usd),
                    ("usd_basis", "USD &basis:", self.usd_basis),
                    ("sectors", "S&ectors:", self.sectors),
                    ("cameo_code", "CA&MEO code:", self.cameo_code),
                    ("quad_class", "&Quad class:", self.quad_class),
                    ("claim_status", "&Claim:", self.claim_status),
                ),
            ),
        ):
            for name, text, widget in rows:
                beside = {self.cameo_code: self.cameo_label, self.claim_status: self.claimed_by}
                self._row(form, name, text, widget, beside.get(widget))
        # On the claim's row; its problems show under the claim's (see RecordDialog._show).
        self._order.append(self.claimed_by)
        # Right under the USD value (and its problem), which it explains.
        self.amount_usd.parentWidget().layout().addWidget(self.usd_hint)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(1, 1)
        # The participants' three columns leave room for the links beside them, so the
        # dialog grows no taller.
        side_by_side = QHBoxLayout()
        grid.addLayout(side_by_side, 1, 0, 1, 2)
        for name, title, editor in (
            ("participants", "Participants", self.participants),
            ("links", "Links", self.links),
            ("sources", "Sources", self.sources),
        ):
            group = QGroupBox(title)
            box = QVBoxLayout(group)
            box.addWidget(editor)
            label = _problem_label()
            box.addWidget(label)
            editor.table.setMinimumHeight(90)
            accessible_name(editor.table, title)
            self.problem_labels[name] = label
            self.field_names[name] = title.lower()
            if editor is self.sources:
                grid.addWidget(group, 2, 0, 1, 2)
            else:
                side_by_side.addWidget(group, 1)
            if editor is self.links:
                self._order += editor.focus_order()
            else:
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
            "claimed_by",
            "other_parties",
        ):
            getattr(self, name).textEdited.connect(lambda _t, n=name: self.edited.emit(n))
        for name in ("actor", "partner", "currency"):
            getattr(self, name).completer().activated.connect(
                lambda _t, n=name: self.edited.emit(n)
            )
        for name in ("direction", "kind", "status", "usd_basis", "quad_class", "claim_status"):
            getattr(self, name).activated.connect(lambda _i, n=name: self.edited.emit(n))
        for name in ("date", "end_date"):
            getattr(self, name).edited.connect(lambda n=name: self.edited.emit(n))
        self.kind.currentIndexChanged.connect(self._follow_kind)
        self.summary.textChanged.connect(lambda: self.edited.emit("summary"))
        self.cameo_code.textChanged.connect(self._show_cameo_label)
        self.kind.currentIndexChanged.connect(self._show_cameo_label)
        self.terms_disclosed.toggled.connect(lambda _c: self.edited.emit("terms_disclosed"))
        for name in ("sectors", "participants", "sources", "links"):
            getattr(self, name).changed.connect(lambda n=name: self.edited.emit(n))

    def _show_cameo_label(self) -> None:
        """Name the CAMEO event the code stands for; an empty field shows the kind's."""
        typed = self.cameo_code.text().strip()
        if typed:
            text = cameo.label(typed) or ""
        else:
            code = self.kind_codes.get(self.kind.currentData() or "", ("", None))[0]
            label = cameo.label(code) if code else None
            text = f"{code}: {label}" if label else ""
        self.cameo_label.setText(text)

    def chain_tab_order(self, last: QWidget) -> None:
        """Tab walks the left column, the right column, the lists, then ``last``."""
        chain = [*self._order, last]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def load(self, record: Record) -> None:
        """Show every field of ``record``."""
        self.actor.set_code(record.actor)
        self.partner.set_code(record.partner)
        self.other_parties.setText(
            encode_items((o.party, o.role) if o.role else (o.party,) for o in record.other_parties)
        )
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
        # The kind's own code and quad class show as "from the kind", so that they follow
        # a change of kind instead of staying as if the user had chosen them.
        code, quad = self.kind_codes.get(record.kind, ("", None))
        self.cameo_code.setText("" if record.cameo_code == code else record.cameo_code)
        quad_shown = 0 if record.quad_class == quad else record.quad_class or 0
        self.quad_class.setCurrentIndex(self.quad_class.findData(quad_shown))
        self.participants.set_rows((p.name, p.country, p.role) for p in record.participants)
        self.sources.set_rows(
            (s.publisher, s.title, s.url, s.published, s.quote) for s in record.sources
        )
        self.claim_status.setCurrentIndex(max(0, self.claim_status.findData(record.claim_status)))
        self.claimed_by.setText(record.claimed_by)
        self.links.set_links(record.links, record.uid)

    def _follow_kind(self) -> None:
        # The CAMEO field's label names the kind's code (_show_cameo_label).
        quad = self.kind_codes.get(self.kind.currentData() or "", ("", None))[1]
        self.quad_class.setItemText(
            0, f"From the kind: {QUAD_LABELS[quad]}" if quad else QUAD_LABELS[0]
        )

    def load_pair(self, pair: str) -> None:
        """Start a new record between the two sides of ``pair``, or with one party's view
        ('CUB'), with that party as the actor."""
        actor, _, partner = pair.partition("-")
        self.actor.set_code(actor)
        self.partner.set_code(partner)
        self.actor.selectAll()

    def show_usd_hint(self, record: Record) -> None:
        """Say where the USD value will come from, or why the ECB gives none."""
        hint, warning = _usd_hint(record, bool(self.amount_usd.text().strip()))
        self.usd_hint.setText(hint)
        theme.tint(self.usd_hint, "warning" if warning else "muted")
        self.usd_hint.setVisible(bool(hint))
        # With no rate to fall back on, the empty field says what it needs.
        self.amount_usd.setPlaceholderText("Enter it: no ECB rate" if warning else "")


def _usd_hint(record: Record, typed: bool) -> tuple[str, bool]:
    """The hint under the USD value, and whether it warns that there will be none."""
    if typed or record.amount is None or not reference.is_currency(record.currency):
        return "", False
    if record.currency == "USD":
        return "The amount is in USD already.", False
    conversion = usd_conversion(record)
    if conversion is None:
        return "Enter the date to convert the amount at the ECB rate of that day.", False
    if conversion.value is None:
        return (
            f"No USD value: {conversion.reason}. Type it above and choose its basis below: "
            "stated in the source, or entered by me.",
            True,
        )
    if conversion.rate_date != conversion.on:
        at = f"{conversion.rate_date}, the nearest published to {conversion.day}"
    else:
        at = conversion.day
    return f"≈ {conversion.value:,.0f} USD at the ECB rate of {at} (filled in on saving).", False

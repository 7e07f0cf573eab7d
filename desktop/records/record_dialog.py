"""The record dialog: every field of a record, with db/'s validation shown next to each field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from bilateral.db import links, parties, validation
from bilateral.db.cells import decode_items
from bilateral.db.csv_rows import parse_amount
from bilateral.db.errors import BilateralError, InvalidRecord, Problem, RecordChanged
from bilateral.db.records import Kind, OtherParty, Participant, Record, Source
from bilateral.desktop.common import theme
from bilateral.desktop.common.plain import ask_then
from bilateral.desktop.common.screen import fit_to_screen
from bilateral.desktop.records.record_conflict import ConflictPanel
from bilateral.desktop.records.record_form import RecordForm

# Stores what was typed, given the record as it was read (None for a new one);
# raises BilateralError, and then the dialog stays open with the input kept.
Saver = Callable[[Record, Record | None], None]

# Fields whose problems show together: touching one of them shows the others',
# since a problem often sits on the field that was left empty, not the one typed in.
GROUPS = (
    {"actor", "partner"},
    {"date", "end_date"},
    {"amount", "currency", "amount_usd", "usd_basis"},
    {"claim_status", "claimed_by"},
)
# Fields that share the problem label of another, on the same row.
SHOWN_WITH = {"claimed_by": "claim_status"}
ECB_DELAY_MS = 300


def _number(text: str, field: str, problems: list[Problem]) -> float | None:
    text = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    try:
        return parse_amount(text)
    except ValueError as error:
        reason = str(error)
        if reason.endswith("is not a number"):
            reason = "must be a number, such as 1500000 or 2.5e6"
        problems.append(Problem(field, reason))
        return None


class RecordDialog(QDialog):
    """Add or edit one record. ``values`` is what was typed; Save is enabled only when valid.

    Nothing typed is ever cleared: a problem is shown beside its field and the
    input stays as it is until the user changes it. With a ``saver`` the dialog
    closes only once the record is stored; a refused or failed save leaves it open.
    """

    def __init__(
        self,
        kinds: list[Kind],
        record: Record | None = None,
        parent: QWidget | None = None,
        pair: str = "",
        db: Database | None = None,
    ):
        super().__init__(parent)
        self.kinds = {k.name for k in kinds}
        self.original = record
        self.saver: Saver | None = None
        self.setWindowTitle("Edit record" if record else "Add record")
        own_uid = record.uid if record else ""
        # Read as the dialog opens: a party added meanwhile (bilateral parties add) counts.
        self.party_table = parties.table(db) if db is not None else None
        if db is None:
            self.form = RecordForm(kinds, self)
        else:
            # The other record of a link is looked up as the user types: a few at a time.
            self.form = RecordForm(
                kinds,
                self,
                find=lambda text: links.find_records(db, text, exclude=own_uid),
                titles=lambda uids: links.titles(db, uids),
                incoming=lambda uid: links.linked_from(db, uid),
                parties=self.party_table.names,
            )
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        theme.tint(self.summary, "muted")
        self.summary.setWordWrap(True)
        self.conflict = ConflictPanel(self)
        self.conflict.overwrite.connect(self._overwrite)
        self.conflict.load.connect(self._load_stored)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        theme.tint(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self._stored: Record | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        # The form scrolls on a small screen, so the buttons below it stay in sight.
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.form)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.conflict)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.form.chain_tab_order(self.buttons.button(QDialogButtonBox.StandardButton.Save))
        self._touched: set[str] = set()
        self._ecb_timer = QTimer(self, singleShot=True, interval=ECB_DELAY_MS)
        self._ecb_timer.timeout.connect(self._show_ecb)
        if record is not None:
            self.form.load(record)
            self._touched = set(self.form.problem_labels)
        elif pair:
            self.form.load_pair(pair)
        self.form.edited.connect(self._on_edited)
        self.validate()
        self._show_ecb()
        # What the fields held when the dialog opened: Esc asks only when this changed.
        self._opened_with = self.values
        wanted = self.form.sizeHint() + QSize(40, self.buttons.sizeHint().height() + 80)
        fit_to_screen(self, max(wanted.width(), 980), max(wanted.height(), 720))
        # The first field takes the typing at once, its text selected so it is replaced.
        self.form.actor.setFocus(Qt.FocusReason.TabFocusReason)
        self.form.actor.selectAll()

    # ---------------------------------------------------------------- values

    @property
    def values(self) -> Record:
        """The record as typed (not yet normalised); unreadable numbers become None."""
        return self._read([])

    def _read(self, problems: list[Problem]) -> Record:
        f = self.form
        usd_text = f.amount_usd.text()
        basis = f.usd_basis.currentData() or ("user" if usd_text.strip() else "")
        quad = f.quad_class.currentData()
        record = Record(
            actor=f.actor.code(),
            partner=f.partner.code(),
            other_parties=[
                OtherParty(item[0], " | ".join(item[1:]))
                for item in decode_items(f.other_parties.text())
            ],
            direction=f.direction.currentData(),
            kind=f.kind.currentData() or "",
            date=f.date.text(),
            end_date=f.end_date.text(),
            title=f.title.text(),
            summary=f.summary.toPlainText(),
            location=f.location.text(),
            amount=_number(f.amount.text(), "amount", problems),
            currency=f.currency.code(),
            amount_usd=_number(usd_text, "amount_usd", problems),
            usd_basis=basis,
            status=f.status.currentData(),
            claim_status=f.claim_status.currentData(),
            claimed_by=f.claimed_by.text(),
            terms_disclosed=f.terms_disclosed.isChecked(),
            sectors=f.sectors.tags(),
            participants=[Participant(*row) for row in f.participants.rows()],
            sources=[Source(*row) for row in f.sources.rows()],
            links=f.links.links(),
            cameo_code=f.cameo_code.text(),
            quad_class=quad if quad else None,
        )
        if self.original is not None:
            # The form has no field for GDELT's Goldstein score: an edit keeps it.
            record = replace(
                record,
                uid=self.original.uid,
                created_at=self.original.created_at,
                goldstein=self.original.goldstein,
            )
        return record

    def validate(self) -> list[Problem]:
        """Every problem with what is typed; shows each beside its field and sets Save."""
        problems: list[Problem] = []
        record = validation.normalise(self._read(problems), self.party_table)
        problems += validation.validate(record, self.kinds, self.party_table)
        self._show(problems)
        self.save_button.setEnabled(not problems)
        return problems

    # ---------------------------------------------------------------- showing

    def _show(self, problems: list[Problem]) -> None:
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            field = SHOWN_WITH.get(problem.field, problem.field)
            field = field if field in self.form.problem_labels else "record"
            by_field.setdefault(field, []).append(problem.message)
        hidden = []
        for field, label in self.form.problem_labels.items():
            messages = by_field.get(field, [])
            shown = messages if field in self._touched or field == "record" else []
            label.setText("\n".join(dict.fromkeys(shown)))
            label.setVisible(bool(shown))
            if messages and not shown:
                hidden.append(self.form.field_names[field])
        self.summary.setText(f"Still needed: {', '.join(hidden)}." if hidden else "")
        self.summary.setVisible(bool(hidden))

    def _on_edited(self, field: str) -> None:
        self._touched.add(field)
        for group in GROUPS:
            if field in group:
                self._touched |= group
        self.validate()
        if field in ("amount", "currency", "date", "amount_usd", "usd_basis"):
            self._ecb_timer.start()

    def _show_ecb(self) -> None:
        """Say what USD value the ECB rate gives when the user has none."""
        record = validation.normalise(self._read([]), self.party_table)
        self.form.show_usd_hint(record)

    def _save(self) -> None:
        if self.original is not None and not self.has_typed_input():
            # Opened to read and closed with Enter: nothing to store, nothing written.
            self.accept()
            return
        if not self.validate():
            self._store(self.original)

    def _store(self, expected: Record | None) -> None:
        self.conflict.hide()
        self.error.hide()
        if self.saver is not None:
            try:
                self.saver(self.values, expected)
            except RecordChanged as conflict:
                self._stored = conflict.current
                self.conflict.show_conflict(conflict, self.values)
                return
            except InvalidRecord as invalid:
                # What only the stored records show (a link to a uid gone, a cycle)
                # beside its field, as the problems found while typing.
                self._touched |= {p.field for p in invalid.problems}
                self._show(invalid.problems)
                return
            except BilateralError as error:
                self.error.setText(f"Not saved: {error}")
                self.error.show()
                return
        self.accept()

    def _overwrite(self) -> None:
        # The stored version becomes the one read, so this save replaces it on purpose;
        # a record deleted meanwhile is stored again as new, with its uid.
        if self._stored is not None:
            self.original = self._stored
        self._store(self._stored)

    def _load_stored(self) -> None:
        self.original = self._stored
        self.form.load(self._stored)
        self._opened_with = self.values  # the stored version replaced what was typed, on purpose
        self.conflict.hide()
        self.validate()

    def has_typed_input(self) -> bool:
        """Whether any field differs from what the dialog opened with."""
        return self.values != self._opened_with

    def reject(self) -> None:
        """Cancel, Esc or the close button: ask first when something was typed."""
        if not self.has_typed_input():
            super().reject()
            return
        # Not blocking: the question is window-modal, and the dialog closes on its answer.
        ask_then(
            self,
            "Discard changes?",
            "Discard what you typed in this record? It has not been saved.",
            "Discard",
            lambda: QDialog.reject(self),
        )

    def problem_label(self, field: str) -> QLabel:
        """The label that shows the problems of ``field`` (a Record field name)."""
        return self.form.problem_labels[field]

"""The import preview: what importing a CSV would do, or why it cannot, asked before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from bilateral.db.csvfile import ImportReport
from bilateral.desktop.common import theme
from bilateral.desktop.common.screen import fit_to_screen
from bilateral.desktop.files.import_changes import ChangesTree, DuplicatesTree
from bilateral.desktop.files.import_errors import ProblemsTable, listed_note


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def counts_text(report: ImportReport, taken: int | None = None) -> str:
    """'3 records will be added, 1 updated, 15 unchanged, 0 conflicts.'

    :param taken: how many conflicts take the file's version (default: the report's).
    """
    taken = report.conflicts_taken if taken is None else taken
    text = (
        f"{_count(report.added, 'record', 'records')} will be added, "
        f"{report.updated:,} updated, {report.unchanged:,} unchanged, "
        f"{_count(report.conflicts, 'conflict', 'conflicts')}"
    )
    if report.conflicts:
        text += f" ({taken:,} taking the file's version)"
    if report.skipped:
        text += f", {report.skipped:,} skipped"
    if report.duplicate_count:
        fate = "added anyway" if report.duplicates_allowed else "skipped"
        text += f"; {_count(report.duplicate_count, 'duplicate', 'duplicates')} {fate}"
    return text + "."


def _notes_text(report: ImportReport) -> str:
    """' Read the 2 notes below: …' when the import will do something the file did not say."""
    if not report.note_count:
        return ""
    listed = (
        f" (the first {len(report.notes):,} are listed)"
        if report.note_count > len(report.notes)
        else ""
    )
    return (
        f"\n\nRead the {_count(report.note_count, 'note', 'notes')} below{listed}: "
        "what the import does that the file did not say (the rows of a GDELT file it "
        "skips, USD values that stay empty or were converted at another day's rate)."
    )


def _label(style: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # file names and problems quote the user's text
    label.setWordWrap(True)
    theme.styled(label, style)
    return label


class ImportPreviewDialog(QDialog):
    """Shows a dry run's counts, changes and duplicates and asks to import; when the file
    has problems, lists them.

    Each conflict has a choice (``taken()`` gives the uids that take the file's version).
    Ticking *Add duplicates* emits ``duplicatesChanged(True)``: whoever runs the dry
    run checks again and calls ``show_report``.
    """

    duplicatesChanged = Signal(bool)

    def __init__(self, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.file_name = file_name
        self.setObjectName("import_preview")
        self.setWindowTitle(f"Import {file_name}")
        fit_to_screen(self, 760, 260)
        self.headline = _label("font-weight: 600;")
        self.headline.setObjectName("headline")
        self.details = _label()
        self.allow_duplicates = QCheckBox(
            "Add the duplicates anyway (rows without uid that match a record already there)"
        )
        self.allow_duplicates.toggled.connect(self.duplicatesChanged.emit)
        self.problems: ProblemsTable | None = None
        self.changes: ChangesTree | None = None
        self.duplicates: DuplicatesTree | None = None
        self.report: ImportReport | None = None
        self._taken: set[str] = set()  # kept across a new check (the duplicates box)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = self.buttons.addButton(
            "Copy list", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self._copy)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        for widget in (self.headline, self.details, self.allow_duplicates):
            self._layout.addWidget(widget)
        self._layout.addStretch(1)
        self._layout.addWidget(self.buttons)

    def taken(self) -> set[str]:
        """The uids of the conflicts whose file version the import is to take."""
        return self.changes.taken() if self.changes is not None else set()

    def changes_existing(self) -> bool:
        """Whether the import would change records already in the database."""
        return bool(self.report and (self.report.updated or self.taken()))

    def show_report(self, report: ImportReport, failed: bool = False) -> None:
        """Show what the dry run found: counts to confirm, or (``failed``) the problems."""
        self.report = report
        self._show_problems(report if failed or report.notes else None, notes=not failed)
        self._show_changes(None if failed else report)
        self.copy_button.setVisible(failed or bool(report.notes))
        self.import_button.setVisible(not failed)
        self.cancel_button.setText("Close" if failed else "Cancel")
        self.allow_duplicates.setVisible(not failed and bool(report.duplicate_count))
        if failed:
            self.setWindowTitle(f"Cannot import {self.file_name}")
            self.headline.setText(
                f"{_count(report.problem_count, 'problem', 'problems')} in {self.file_name} "
                "must be fixed before it can be imported."
            )
            self.details.setText(
                "Nothing was changed. Fix these rows in the file and import it again."
                + listed_note(report)
            )
            return
        self._update_counts()

    def _update_counts(self) -> None:
        report = self.report
        taken = len(self.taken())
        self.headline.setText(counts_text(report, taken))
        useful = bool(report.added or report.updated or taken)
        self.import_button.setEnabled(useful)
        notes = []
        if report.changes:
            notes.append(
                "Records edited in the file take the file's values. A conflict is a record "
                "changed in the database since the file was exported: choose which to keep."
            )
        if report.duplicate_count:
            notes.append(
                "A duplicate is a row without uid with the same pair, kind, date, title "
                "(ignoring case, accents and spaces) and amount as a record already there."
            )
        notes.append(
            "Nothing has been written yet. The import is all-or-nothing, and a database "
            "that holds records is backed up before it starts."
            if useful
            else "There is nothing new to import."
        )
        self.details.setText("\n".join(notes) + _notes_text(report))

    def checking(self) -> None:
        """Say that the file is being checked again; Import waits for the new counts."""
        self.headline.setText(f"Checking {self.file_name} again…")
        self.import_button.setEnabled(False)

    def _show_problems(self, report: ImportReport | None, notes: bool = False) -> None:
        if self.problems is not None:
            self.problems.deleteLater()
            self.problems = None
        if report is not None:
            self.problems = ProblemsTable(report, self, notes)
            self._layout.insertWidget(3, self.problems, 10)
            fit_to_screen(self, self.width(), 440)

    def _show_changes(self, report: ImportReport | None) -> None:
        for old in (self.changes, self.duplicates):
            if old is not None:
                old.deleteLater()
        self.changes = self.duplicates = None
        if report is None:
            return
        at = 3
        if report.changes:
            self.changes = ChangesTree(report, self._taken, self)
            self.changes.choicesChanged.connect(self._choice_made)
            self._layout.insertWidget(at, self.changes, 10)
            at += 1
        if report.duplicates:
            self.duplicates = DuplicatesTree(report, self)
            self._layout.insertWidget(at, self.duplicates, 5)
        if report.changes or report.duplicates:
            # Wide enough for both values of a field whole (reports cut them at 60 characters).
            fit_to_screen(self, max(self.width(), 960), max(self.height(), 520))

    def _choice_made(self) -> None:
        self._taken = self.taken()
        self._update_counts()

    def _copy(self) -> None:
        if self.problems is not None:
            self.problems.copy_all()

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
from bilateral.desktop.files.import_errors import ProblemsTable, listed_note


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def counts_text(report: ImportReport) -> str:
    """'3 records will be added, 0 updated, 16 skipped.'"""
    return (
        f"{_count(report.added, 'record', 'records')} will be added, "
        f"{report.updated:,} updated, {report.skipped:,} skipped."
    )


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
        "they say which USD values stay empty, and which were converted at the rate "
        "of another day."
    )


def _label(style: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # file names and problems quote the user's text
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


class ImportPreviewDialog(QDialog):
    """Shows a dry run's counts and asks to import; when the file has problems, lists them.

    Ticking *Replace* emits ``duplicatesChanged('update')`` (``'skip'`` when
    cleared): whoever runs the dry run checks again and calls ``show_report``.
    """

    duplicatesChanged = Signal(str)

    def __init__(self, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.file_name = file_name
        self.setObjectName("import_preview")
        self.setWindowTitle(f"Import {file_name}")
        self.resize(640, 220)
        self.headline = _label("font-weight: 600;")
        self.headline.setObjectName("headline")
        self.details = _label("color: #444;")
        self.replace = QCheckBox(
            "Replace records already in the database (same uid) with the file's version"
        )
        self.replace.toggled.connect(
            lambda on: self.duplicatesChanged.emit("update" if on else "skip")
        )
        self.problems: ProblemsTable | None = None
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
        for widget in (self.headline, self.details, self.replace):
            self._layout.addWidget(widget)
        self._layout.addStretch(1)
        self._layout.addWidget(self.buttons)

    def show_report(self, report: ImportReport, failed: bool = False) -> None:
        """Show what the dry run found: counts to confirm, or (``failed``) the problems."""
        self._show_problems(report if failed or report.notes else None, notes=not failed)
        self.copy_button.setVisible(failed or bool(report.notes))
        self.import_button.setVisible(not failed)
        self.cancel_button.setText("Close" if failed else "Cancel")
        self.replace.setVisible(not failed and bool(report.skipped or report.updated))
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
        self.headline.setText(counts_text(report))
        useful = bool(report.added or report.updated)
        self.import_button.setEnabled(useful)
        self.details.setText(
            (
                "Skipped records are already in the database (the same uid). "
                if report.skipped
                else ""
            )
            + (
                "Nothing has been written yet. The import is all-or-nothing, and a database "
                "that holds records is backed up before it starts."
                if useful
                else "There is nothing new to import."
            )
            + _notes_text(report)
        )

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
            self.resize(self.width(), 440)

    def _copy(self) -> None:
        if self.problems is not None:
            self.problems.copy_all()

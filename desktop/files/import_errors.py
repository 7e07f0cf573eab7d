"""The list of problems that stop an import: row, column and reason, ready to copy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bilateral.db.csvfile import ImportReport
from bilateral.desktop.common.accessibility import name, no_tab_trap
from bilateral.desktop.common.screen import fit_to_screen


def problems_text(report: ImportReport, rows: list[int] | None = None, notes: bool = False) -> str:
    """The problems or ``notes`` (all, or those at ``rows``) as tab-separated lines with a header."""
    items = report.notes if notes else report.problems
    problems = items if rows is None else [items[r] for r in rows]
    lines = ["row\tcolumn\treason"]
    lines += [f"{p.row}\t{p.column}\t{p.reason}" for p in problems]
    return "\n".join(lines) + "\n"


def listed_note(report: ImportReport) -> str:
    """' The first 1000 are listed.' when the report holds fewer problems than were found."""
    more = report.problem_count - len(report.problems)
    return f" The first {len(report.problems)} are listed." if more > 0 else ""


class ProblemsTable(QTableWidget):
    """An import's problems (or ``notes``), one per line, as plain text; Ctrl+C copies lines."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None, notes: bool = False):
        items = report.notes if notes else report.problems
        super().__init__(len(items), 3, parent)
        self.report, self.notes = report, notes
        self.setObjectName("notes" if notes else "problems")
        name(self, "Notes" if notes else "Problems")
        no_tab_trap(self)
        self.setHorizontalHeaderLabels(["Row", "Column", "Note" if notes else "Reason"])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, problem in enumerate(items):
            for column, value in enumerate(
                (str(problem.row or "file"), problem.column, problem.reason)
            ):
                self.setItem(row, column, QTableWidgetItem(value))
        self.resizeColumnsToContents()
        if notes:  # a few long sentences: rows grow to show each in full
            self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        QShortcut(QKeySequence.StandardKey.Copy, self, self.copy_selection)

    def copy_all(self) -> None:
        """Copy every listed problem as tab-separated text."""
        QGuiApplication.clipboard().setText(problems_text(self.report, notes=self.notes))

    def copy_selection(self) -> None:
        """Copy the selected rows (Ctrl+C)."""
        rows = sorted({index.row() for index in self.selectedIndexes()})
        QGuiApplication.clipboard().setText(problems_text(self.report, rows or None, self.notes))


class ImportProblemsDialog(QDialog):
    """Shows why an import changed nothing; Copy puts the list on the clipboard."""

    def __init__(self, file_name: str, report: ImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Import failed")
        fit_to_screen(self, 760, 420)
        summary = QLabel(
            f"Nothing was imported from {file_name}: {report.problem_count} problem(s) to fix."
            + listed_note(report)
        )
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        self.table = ProblemsTable(report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy list", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_all)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def copy_all(self) -> None:
        """Copy every listed problem as tab-separated text."""
        self.table.copy_all()

    def copy_selection(self) -> None:
        """Copy the selected rows (Ctrl+C)."""
        self.table.copy_selection()

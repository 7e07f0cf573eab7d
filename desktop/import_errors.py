"""The list of problems that stopped an import: row, column and reason, ready to copy."""

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

from db.csvfile import ImportReport


def problems_text(report: ImportReport, rows: list[int] | None = None) -> str:
    """The problems (all, or those at ``rows``) as tab-separated lines with a header."""
    problems = report.problems if rows is None else [report.problems[r] for r in rows]
    lines = ["row\tcolumn\treason"]
    lines += [f"{p.row}\t{p.column}\t{p.reason}" for p in problems]
    return "\n".join(lines) + "\n"


class ImportProblemsDialog(QDialog):
    """Shows why an import changed nothing; Copy puts the list on the clipboard."""

    def __init__(self, file_name: str, report: ImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Import failed")
        self.resize(760, 420)
        more = report.problem_count - len(report.problems)
        summary = QLabel(
            f"Nothing was imported from {file_name}: {report.problem_count} problem(s) to fix."
            + (f" The first {len(report.problems)} are listed." if more > 0 else "")
        )
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        self.table = QTableWidget(len(report.problems), 3)
        self.table.setHorizontalHeaderLabels(["Row", "Column", "Reason"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, problem in enumerate(report.problems):
            for column, value in enumerate(
                (str(problem.row or "file"), problem.column, problem.reason)
            ):
                item = QTableWidgetItem(value)
                item.setToolTip("")
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy list", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_all)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_selection)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def copy_all(self) -> None:
        """Copy every listed problem as tab-separated text."""
        QGuiApplication.clipboard().setText(problems_text(self.report))

    def copy_selection(self) -> None:
        """Copy the selected rows (Ctrl+C)."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        QGuiApplication.clipboard().setText(problems_text(self.report, rows or None))

"""Importing a CSV from the window: a dry run first, its counts shown, the import only when confirmed."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from bilateral.db.csvfile import ImportFailed, ImportReport
from bilateral.desktop.files import tasks
from bilateral.desktop.files.import_preview import ImportPreviewDialog


class Files(Protocol):
    """What an import needs from the File menu's actions (FileActions)."""

    window: object

    def run(self, job: tasks.Job, text: str, done, name: str = ..., failed=...) -> tasks.Task: ...
    def explain(self, error: Exception, name: str) -> None: ...
    def parent_widget(self) -> QWidget: ...
    def imported(self, path: Path, report: ImportReport) -> None: ...


NOTHING_CHANGED = "Import cancelled; nothing was changed."


class ImportFlow(QObject):
    """One import: check the file off the UI thread, show what it would do, import if asked.

    The check is a dry run of the real import (same rules, rolled back), so the
    counts shown are the ones the import will report.
    """

    def __init__(self, files: Files, path: Path):
        super().__init__(files)
        self.files, self.path = files, Path(path)
        self.allow_duplicates = False
        self.dialog: ImportPreviewDialog | None = None
        self.check_task: tasks.Task | None = None
        self.import_task: tasks.Task | None = None

    def check(self) -> tasks.Task:
        """Start the dry run; the preview opens when it is done."""
        self.check_task = self.files.run(
            tasks.preview_job(self.path, allow_duplicates=self.allow_duplicates),
            f"Checking {self.path.name}…",
            self._checked,
            failed=self._check_failed,
        )
        return self.check_task

    def _checked(self, report: ImportReport) -> None:
        self._preview().show_report(report)

    def _check_failed(self, error: Exception) -> None:
        if isinstance(error, ImportFailed):
            self._preview().show_report(error.report, failed=True)
            return
        if self.dialog is not None:
            self.dialog.done(ImportPreviewDialog.DialogCode.Rejected)
        self.files.explain(error, self.path.name)

    def _preview(self) -> ImportPreviewDialog:
        if self.dialog is None:
            dialog = ImportPreviewDialog(self.path.name, self.files.parent_widget())
            dialog.accepted.connect(self._confirmed)
            dialog.rejected.connect(lambda: self.files.window.show_status(NOTHING_CHANGED))
            dialog.duplicatesChanged.connect(self._check_again)
            dialog.finished.connect(dialog.deleteLater)
            self.dialog = dialog
            dialog.open()
        return self.dialog

    def _check_again(self, allow_duplicates: bool) -> None:
        self.allow_duplicates = allow_duplicates
        if self.dialog is not None:
            self.dialog.checking()
        self.check()

    def _confirmed(self) -> None:
        dialog, self.dialog = self.dialog, None
        self.import_task = self.files.run(
            tasks.import_job(
                self.path,
                allow_duplicates=self.allow_duplicates,
                take_file=dialog.taken(),
                changes_existing=dialog.changes_existing(),
            ),
            f"Importing {self.path.name}…",
            lambda report: self.files.imported(self.path, report),
            name=self.path.name,
        )

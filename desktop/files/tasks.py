"""Long work off the UI thread: import, export, copies and backups, with progress, Cancel and results by signal."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget
from sqlite_utils import Database

from bilateral.db import copies, csv_export, files, import_any, query, summary, xlsx
from bilateral.db.backup import backup_if_due, list_backups, make_backup
from bilateral.db.connection import connect, db_path, write_transaction
from bilateral.db.errors import BackupFailed, Cancelled
from bilateral.db.records import count_records
from bilateral.db.restoring import restore_backup
from bilateral.db.store import quick_check

# A job is a plain function of (its own connection, progress, cancelled).
Job = Callable[[Database, Callable[[float], None], Callable[[], bool]], Any]
STEPS = 1000


class Task(QObject):
    """One job in a pool thread on its own connection; signals arrive on the main thread.

    ``finished`` carries the job's result, ``failed`` the exception it raised
    (``Cancelled`` when the user cancelled); ``done`` turns true once their
    slots have run.
    """

    progress = Signal(float)
    finished = Signal(object)
    failed = Signal(object)
    _ended = Signal(object)  # after finished or failed, so `done` follows their slots

    def __init__(self, db_path: str | Path, job: Job, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path, self.job = str(db_path), job
        self._cancel = threading.Event()
        self.done = False
        self._collector = None
        self._ended.connect(self._mark_done)

    def start(self) -> Task:
        """Run the job in the global thread pool."""
        # The collector of the main thread keeps going while the job makes garbage, even
        # with the window minimised (desktop.shell.collector).
        self._collector = getattr(QCoreApplication.instance(), "collector", None)
        if self._collector is not None:
            self._collector.hold()
        QThreadPool.globalInstance().start(_Runner(self))
        return self

    def cancel(self) -> None:
        """Ask the job to stop; it says so through ``failed(Cancelled)``."""
        self._cancel.set()

    def cancelled(self) -> bool:
        """Whether Cancel was pressed."""
        return self._cancel.is_set()

    def _mark_done(self, _nothing: object) -> None:
        self.done = True
        if self._collector is not None:
            self._collector.release()

    def _execute(self) -> None:
        try:
            db = connect(self.db_path)
            try:
                result = self.job(db, self._progress, self.cancelled)
            finally:
                db.close()
        except Exception as error:  # delivered to the window, which explains it
            self._emit(self.failed, error)
        else:
            self._emit(self.finished, result)
        self._emit(self._ended, None)

    def _progress(self, fraction: float) -> None:
        self._emit(self.progress, fraction)

    @staticmethod
    def _emit(signal, value: object) -> None:
        # The window that asked may have closed meanwhile: then there is nobody to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


class _Runner(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._execute()


def with_progress(task: Task, parent: QWidget, text: str) -> QProgressDialog:
    """Show a progress dialog with Cancel for ``task`` (after a short delay), and start it."""
    dialog = QProgressDialog(parent)
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the text may hold a file name
    dialog.setLabel(label)
    dialog.setRange(0, STEPS)
    dialog.setMinimumDuration(300)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(task.cancel)
    task.progress.connect(lambda fraction: dialog.setValue(int(fraction * STEPS)))
    task.finished.connect(dialog.close)
    task.failed.connect(dialog.close)
    task.start()
    return dialog


# ---------------------------------------------------------------- the jobs


def preview_job(path: Path, *, allow_duplicates: bool = False) -> Job:
    """Check a records CSV and count what importing it would do, writing nothing.

    Records already there are merged; conflicts keep the stored version (the
    preview offers a choice for each).
    """

    def job(db: Database, progress, cancelled):
        files.refuse_database_source(path, db_path(db))  # reading it would drop its locks
        # A records CSV or workbook, AidData or GDELT: told by the file's content.
        return import_any.import_file(
            db,
            path,
            allow_duplicates=allow_duplicates,
            dry_run=True,
            progress=progress,
            cancelled=cancelled,
        )

    return job


def import_job(
    path: Path,
    *,
    allow_duplicates: bool = False,
    take_file: Collection[str] = (),
    changes_existing: bool = True,
    backup: bool = True,
) -> Job:
    """Import a records CSV, merging records already there; Cancel at any moment before
    the commit changes nothing.

    :param take_file: uids of conflicts that take the file's version (else the stored one stays).
    :param changes_existing: whether it may change records already there (the preview
        knows): such an import is never run without a backup.
    :param backup: back the database up first (when it holds records), since an
        import cannot be undone from the Edit menu.
    """

    def job(db: Database, progress, cancelled):
        files.refuse_database_source(path, db_path(db))
        if backup and count_records(db):
            _back_up_before_import(db, changes_existing)
        # The outer transaction makes the import's own a savepoint, so a Cancel
        # that comes after its last batch still rolls everything back.
        with write_transaction(db):
            report = import_any.import_file(
                db,
                path,
                allow_duplicates=allow_duplicates,
                take_file=take_file,
                progress=progress,
                cancelled=cancelled,
            )
            if cancelled():
                raise Cancelled("Import cancelled; nothing was changed.")
        return report

    return job


def _back_up_before_import(db: Database, changes_existing: bool) -> None:
    """Back up before an import; without a backup, only an import that merely adds may run.

    An import that adds records leaves every existing one as it was, so it goes on
    (the failed daily backup has already told the user); one that updates records
    would overwrite them with no way back, so it is refused.
    """
    try:
        make_backup(db, db_path(db))
    except BackupFailed as failed:
        if changes_existing:
            raise BackupFailed(
                f"{failed} An import that updates existing records is not run without a "
                "backup; nothing was changed. Free some space or make the backups folder "
                "writable."
            ) from None


def export_records_job(path: Path, where: query.Filter) -> Job:
    """Export the matching records as CSV, or as a workbook when the name ends in .xlsx;
    a cancelled export leaves any existing file as it was."""
    export = xlsx.export_records if xlsx.is_xlsx_name(path) else csv_export.export_records

    def job(db: Database, progress, cancelled):
        return export(db, path, where, progress=progress, cancelled=cancelled)

    return job


def export_summary_job(path: Path, where: query.Filter, by: str = "year") -> Job:
    """Export counts and USD totals per pair, period and kind as CSV (or .xlsx by the name)."""

    def job(db: Database, progress, cancelled):
        if xlsx.is_xlsx_name(path):
            return xlsx.export_summary(summary.summarize(db, by, where), path, database=db_path(db))
        lines = summary.summary_lines(db, by, where)
        return csv_export.export_summary_lines(lines, path, database=db_path(db))

    return job


def save_copy_job(path: Path) -> Job:
    """Copy the whole database to ``path``."""

    def job(db: Database, progress, cancelled):
        return copies.save_copy(db, path, progress)

    return job


def daily_backup_job() -> Job:
    """Check the database for damage, then back it up if its newest backup is a day old.

    The window opens a database without SQLite's quick check, which takes seconds
    on a large file; it runs here instead, off the UI thread, and a damaged file
    is reported rather than backed up over good backups.
    """

    def job(db: Database, progress, cancelled):
        quick_check(db)
        return backup_if_due(db, db_path(db))

    return job


def list_backups_job() -> Job:
    """The backups of the database, newest first, with their record counts."""

    def job(db: Database, progress, cancelled):
        return list_backups(db_path(db))

    return job


def restore_job(backup: Path) -> Job:
    """Replace the database's contents with ``backup``; returns the backup made of them first."""

    def job(db: Database, progress, cancelled):
        return restore_backup(backup, db_path(db))

    return job

"""Backups from the window: the daily backup on opening a database, and File › Restore from backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlite_utils import Database

from bilateral.db.backup import Backup, kept, set_kept
from bilateral.db.errors import BilateralError, DatabaseProblem
from bilateral.db.records import count_records
from bilateral.desktop.common.plain import ask_then, notify
from bilateral.desktop.files import tasks
from bilateral.desktop.files.restore_dialog import RestoreDialog


class Window(Protocol):
    """What the backups need from the main window."""

    db: Database
    read_only: bool

    def database_file(self) -> Path: ...
    def switch_database(self, path: Path, create: bool = False) -> bool: ...
    def show_status(self, text: str) -> None: ...


def describe(backup: Backup) -> str:
    """'the backup of 2024-05-03 14:22 (16 records)'."""
    records = "" if backup.records is None else f" ({backup.records:,} records)"
    return f"the backup of {backup.taken_at:%Y-%m-%d %H:%M}{records}"


def restore_question(now: int, db_file: Path, backup: Backup) -> str:
    """The question before a restore, with the records it replaces and brings back."""
    records = f"{now:,} record{'s' * (now != 1)}"
    return (
        f"Replace the {records} of {Path(db_file).name} with {describe(backup)}?\n\n"
        f"The {records} are backed up first, so restoring that backup undoes this."
    )


class Backups(QObject):
    """Runs the window's backup work off the UI thread and restores the backup the user picks."""

    def __init__(self, window: Window):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.daily: tasks.Task | None = None
        self.listing: tasks.Task | None = None
        self.restoring: tasks.Task | None = None
        self.question: QMessageBox | None = None
        self.dialog: RestoreDialog | None = None

    # ---------------------------------------------------------------- the daily backup

    def back_up_if_due(self) -> tasks.Task | None:
        """Start the daily backup of a database open for writing (None when read-only)."""
        if self.window.read_only:
            return None
        # No parent: the task lives until its thread is done, even if the window closes first.
        task = tasks.Task(self.window.database_file(), tasks.daily_backup_job())
        task.finished.connect(self._backed_up)
        task.failed.connect(self._backup_failed)
        self.daily = task.start()
        return task

    def _backed_up(self, path: Path | None) -> None:
        if path is not None:
            self.window.show_status(f"Backed up the database to {Path(path).name}.")

    def _backup_failed(self, error: Exception) -> None:
        # Not a passing status message: the user should know their safety net is missing.
        if isinstance(error, DatabaseProblem) and "damaged" in str(error):
            self._tell(f"{error}\n\nNo backup was made, so the good backups are kept.")
            return
        self._tell(f"The daily backup of the database could not be made: {error}")

    # ---------------------------------------------------------------- restoring

    def open_dialog(self) -> RestoreDialog:
        """Open File › Restore from backup; the backups are listed off the UI thread."""
        dialog = RestoreDialog(
            self.window.database_file(),
            kept(self.window.db),
            self._parent(),
            writable=not self.window.read_only,
        )
        dialog.finished.connect(lambda _result: self._keep(dialog.keep.value()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog))
        listing = tasks.Task(self.window.database_file(), tasks.list_backups_job())
        listing.finished.connect(dialog.show_backups)
        listing.failed.connect(lambda error: dialog.show_problem(str(error)))
        self.listing, self.dialog = listing, dialog
        dialog.open()
        listing.start()
        return dialog

    def restore(self, backup: Backup) -> tasks.Task:
        """Restore ``backup`` over the open database (after backing it up), then reopen it."""
        task = tasks.Task(self.window.database_file(), tasks.restore_job(backup.path))
        task.finished.connect(lambda safety: self._restored(backup, safety))
        task.failed.connect(
            lambda error: self._tell(f"Could not restore {describe(backup)}: {error}")
        )
        self.restoring = task
        tasks.with_progress(task, self._parent(), f"Restoring {describe(backup)}…")
        return task

    def _restore_chosen(self, dialog: RestoreDialog) -> QMessageBox | None:
        # Asked once more: a restore replaces every record, whatever the table shows.
        backup = dialog.chosen()
        if backup is None:
            return None
        self.question = ask_then(
            self._parent(),
            "Restore from backup",
            restore_question(count_records(self.window.db), self.window.database_file(), backup),
            "Restore",
            lambda: self.restore(backup),
        )
        return self.question

    def _restored(self, backup: Backup, safety: Path | None) -> None:
        # Reopened rather than refreshed: an older backup may need its format updated,
        # and the undo history speaks of records that are no longer there.
        if not self.window.switch_database(self.window.database_file()):
            return
        saved = f" The records it replaced were saved as {Path(safety).name}." if safety else ""
        self.window.show_status(f"Restored {describe(backup)}.{saved}")

    def _keep(self, count: int) -> None:
        if self.window.read_only or count == kept(self.window.db):
            return
        try:
            set_kept(self.window.db, count)
        except (BilateralError, sqlite3.Error) as error:
            self._tell(f"Could not change how many backups are kept: {error}")

    def _parent(self) -> QWidget:
        return self.window  # type: ignore[return-value]

    def _tell(self, text: str) -> None:
        notify(self._parent(), "Bilateral", text)

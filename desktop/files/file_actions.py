"""The File menu's work: new, open, copy, import and export, long parts run as tasks."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from bilateral.db.csvfile import ImportFailed, ImportReport
from bilateral.db.errors import BilateralError, Cancelled
from bilateral.db.query import Filter
from bilateral.desktop.common import file_names
from bilateral.desktop.common.file_names import slug
from bilateral.desktop.common.plain import ask, notify
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.files import tasks
from bilateral.desktop.files.import_errors import ImportProblemsDialog
from bilateral.desktop.files.importing import ImportFlow

DATABASES = "Bilateral databases (*.db *.sqlite *.sqlite3);;All files (*)"
CSV = "CSV files (*.csv);;Excel workbook (*.xlsx);;All files (*)"
RECORDS = (
    "Records, AidData or GDELT (*.csv *.CSV *.xlsx *.zip);;CSV files (*.csv *.CSV);;"
    "Excel workbook (*.xlsx);;GDELT events (*.export.CSV *.zip);;All files (*)"
)
IMAGES = "PNG image (*.png);;SVG image (*.svg)"
# The summary's periods as offered, in query.PERIODS' order (the first the default),
# each the word of `bilateral summary --by`.
PERIOD_CHOICES = {
    "year": "year",
    "quarter": "quarter (2023-Q4)",
    "month": "month",
    "all": "all (one period for every date)",
}


class Timeline(Protocol):
    """What the file actions need from the timeline."""

    def suggested_file_name(self) -> str: ...


class Window(Protocol):
    """What the file actions need from the main window."""

    settings: Settings
    timeline: Timeline

    def database_file(self) -> Path: ...
    def current_filter(self) -> Filter: ...
    def switch_database(self, path: Path, create: bool = False) -> bool: ...
    def data_changed(self, record_id: int | None = None) -> None: ...
    def show_status(self, text: str) -> None: ...
    def export_timeline_image(self, path: Path) -> None: ...


class FileActions(QObject):
    """Runs each file action; the path is asked for when not given (tests give it)."""

    def __init__(self, window: Window):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.task: tasks.Task | None = None
        self.flow: ImportFlow | None = None

    # ---------------------------------------------------------------- databases

    def new_database(self, path: Path | None = None) -> bool:
        """Create an empty database and switch to it."""
        # No question about replacing: an existing file is refused just below.
        path = path or self._ask(True, "New database", DATABASES, ".db", confirm_replace=False)
        if path is None:
            return False
        if path.exists() and path.stat().st_size:
            self._tell(f"{path} exists already. Use File › Open database to open it.")
            return False
        return self.window.switch_database(path, create=True)

    def open_database(self, path: Path | None = None) -> bool:
        """Open an existing database and switch to it."""
        path = path or self._ask(save=False, caption="Open database", filters=DATABASES)
        return self.window.switch_database(path) if path else False

    def save_copy(self, path: Path | None = None) -> tasks.Task | None:
        """Copy the whole database to another file."""
        day = datetime.date.today().isoformat()
        name = f"{slug(self.window.database_file().stem) or 'bilateral'}-copy-{day}"
        path = path or self._ask(
            True, "Save a copy of the database", DATABASES, ".db", suggested=name
        )
        if path is None:
            return None
        return self.run(
            tasks.save_copy_job(path),
            f"Copying the database to {path.name}…",
            lambda _r: self.window.show_status(f"Saved a copy as {path}."),
        )

    # ---------------------------------------------------------------- CSV

    def import_csv(self, path: Path | None = None) -> tasks.Task | None:
        """Check a records CSV or .xlsx workbook, show what importing it would do, and import it if confirmed.

        Returns the check's task; ``flow`` follows the rest (preview, then the import).
        """
        path = path or self._ask(save=False, caption="Import records", filters=RECORDS)
        if path is None:
            return None
        self.flow = ImportFlow(self, path)
        return self.flow.check()

    def export_records(self, path: Path | None = None) -> tasks.Task | None:
        """Export the records that match the filter, as CSV or, by the name, a workbook."""
        path = path or self._ask(
            True, "Export records", CSV, ".csv", suggested=self._name("records")
        )
        if path is None:
            return None
        return self.run(
            tasks.export_records_job(path, self.window.current_filter()),
            f"Exporting records to {path.name}…",
            lambda n: self.window.show_status(f"Exported {n} records to {path}."),
        )

    def export_summary(self, path: Path | None = None, by: str | None = None) -> tasks.Task | None:
        """Export counts and USD totals per pair, period and kind of the matching records.

        The period (year, quarter, month or all, as ``bilateral summary --by``) is asked
        for first unless given (year when only the file is given); then the file.
        """
        by = by or (self._ask_period() if path is None else "year")
        if by is None:
            return None
        name = self._name(f"summary by {by}")
        path = path or self._ask(True, "Export summary", CSV, ".csv", suggested=name)
        if path is None:
            return None
        return self.run(
            tasks.export_summary_job(path, self.window.current_filter(), by),
            f"Exporting the summary to {path.name}…",
            lambda n: self.window.show_status(f"Exported {n} summary rows by {by} to {path}."),
        )

    def _ask_period(self) -> str | None:
        choice, ok = QInputDialog.getItem(
            self.parent_widget(),
            "Export summary",
            "One row per pair, kind and period; the period:",
            list(PERIOD_CHOICES.values()),
            0,
            False,
        )
        if not ok:
            return None
        return next((by for by, text in PERIOD_CHOICES.items() if text == choice), None)

    def export_timeline(self, path: Path | None = None) -> None:
        """Save the timeline as a PNG or SVG image."""
        name = Path(self.window.timeline.suggested_file_name()).stem
        path = path or self._ask(True, "Export timeline image", IMAGES, ".png", suggested=name)
        if path is None:
            return
        try:
            self.window.export_timeline_image(path)
        except (OSError, ValueError) as error:
            self._tell(f"Could not save the image: {error}")
            return
        self.window.show_status(f"Saved the timeline as {path}.")

    # ---------------------------------------------------------------- helpers

    def _name(self, what: str) -> str:
        """The name an export of the records shown suggests: view, ``what`` and today."""
        where = self.window.current_filter()
        # No suffix: the one of the format picked in the dialog is added (see _ask).
        return file_names.suggested_name(where.pair, what, "", where.parties)

    def run(
        self, job: tasks.Job, text: str, done, name: str = "the file", failed=None
    ) -> tasks.Task:
        """Run ``job`` with a progress dialog; ``done(result)`` or ``failed(error)`` follows."""
        task = tasks.Task(self.window.database_file(), job, self)
        task.finished.connect(done)
        task.failed.connect(failed or (lambda error: self.explain(error, name)))
        self.task = task
        tasks.with_progress(task, self.parent_widget(), text)
        return task

    def parent_widget(self) -> QWidget:
        """The window, as the parent of dialogs."""
        return self.window  # type: ignore[return-value]

    def imported(self, path: Path, report: ImportReport) -> None:
        """Show what an import did and read the data again."""
        self.window.data_changed(None)
        taken = f" ({report.conflicts_taken} taking the file's)" if report.conflicts else ""
        self.window.show_status(
            f"Imported {path.name}: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.conflicts} conflicts{taken}, "
            f"{report.duplicate_count + report.skipped} skipped."
        )

    def explain(self, error: Exception, name: str) -> None:
        """Tell the user why a file action failed."""
        if isinstance(error, ImportFailed):
            dialog = ImportProblemsDialog(name, error.report, self.window)  # type: ignore[arg-type]
            dialog.open()
        elif isinstance(error, Cancelled):
            self.window.show_status(str(error))
        elif isinstance(error, BilateralError | OSError):
            self._tell(str(error))
        else:
            self._tell(f"Something went wrong: {error!r}")

    def _tell(self, text: str) -> None:
        notify(self.window, "Bilateral", text)  # type: ignore[arg-type]

    def _ask(
        self,
        save: bool,
        caption: str,
        filters: str,
        suffix: str = "",
        confirm_replace: bool = True,
        suggested: str = "",
    ) -> Path | None:
        """The file the user picks, in the folder used last, ``suggested`` as its name."""
        folder = file_names.start_path(self.window.settings, suggested if save else "")
        parent = self.parent_widget()
        if save:
            name, chosen = QFileDialog.getSaveFileName(parent, caption, folder, filters)
        else:
            name, chosen = QFileDialog.getOpenFileName(parent, caption, folder, filters)
        if not name:
            return None
        path = Path(name)
        if save and not path.suffix and suffix:
            path = path.with_suffix(_suffix_of(chosen) or suffix)
            # The file dialog asked about the name as typed, never about this one.
            if confirm_replace and path.exists() and not _replace(parent, path):
                return None
        file_names.remember_folder(self.window.settings, path)
        return path


def _replace(parent: QWidget, path: Path) -> bool:
    return ask(
        parent,
        "Replace the file?",
        f"{path.name} already exists in {path.parent}.\n\nReplace it?",
        "Replace",
    )


def _suffix_of(chosen: str) -> str:
    """The suffix the chosen filter of a save dialog names, such as '.xlsx', or ''."""
    for suffix in (".svg", ".xlsx"):
        if suffix[1:] in chosen.lower():
            return suffix
    return ""

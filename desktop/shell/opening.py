"""Opening a database for the window: problems told in plain words, read-only when it must be."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlite_utils import Database

from bilateral.db.errors import DatabaseProblem
from bilateral.db.seed import default_database_path, open_default
from bilateral.db.store import NewerDatabase, ReadOnlyDatabase, open_database
from bilateral.desktop.common.plain import show_message


def open_for_window(
    parent: QWidget | None, path: Path, create: bool = False
) -> tuple[Database, bool] | None:
    """Open ``path``; return (database, read_only), or None after saying why it cannot be.

    A file that may only be read (read-only, or from a newer Bilateral) is
    offered read-only; the default database is created with the seed records.
    """
    try:
        if Path(path) == default_database_path():
            return open_default(check=False), False
        # The quick check runs after the first paint, with the daily backup.
        return open_database(path, create=create, check=False), False
    except (NewerDatabase, ReadOnlyDatabase) as problem:
        if not _ask_read_only(parent, str(problem)):
            return None
        try:
            return open_database(path, readonly=True), True
        except DatabaseProblem as again:
            problem = again
    except (DatabaseProblem, OSError) as error:
        problem = error
    show_message(parent, "Bilateral cannot open the database", str(problem))
    return None


def _ask_read_only(parent: QWidget | None, text: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Open read-only?",
        f"{text}\n\nOpen it read-only, to browse and export without changing it?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box.exec() == QMessageBox.StandardButton.Open

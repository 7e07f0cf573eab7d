"""Noticing that another program (a second window, the command line) changed the open database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, QTimer, Signal
from sqlite_utils import Database

from bilateral.db.connection import data_version, db_path
from bilateral.db.errors import BilateralError

# A write touches the file several times (WAL frames, checkpoint): one check once it settles.
SETTLE_MS = 200


class DataWatch(QObject):
    """Compares SQLite's data version on the window's connection when the file or its
    ``-wal`` changes on disk and when the window is activated; emits ``changedElsewhere``.

    The data version changes only when another connection commits, so the window's own
    edits never trigger it. Nothing is read on a timer: an idle or minimised window
    leaves the file alone. The file system may not report changes (a network share):
    activating the window checks anyway, so coming back to it always shows what is there.
    """

    changedElsewhere = Signal()

    def __init__(
        self, database: Callable[[], Database], parent: QObject | None = None, delay=SETTLE_MS
    ):
        super().__init__(parent)
        self._database = database
        self._version: int | None = None
        self._paths: list[str] = []
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_disk_change)
        self.watcher.directoryChanged.connect(self._on_disk_change)
        self.settle = QTimer(self, singleShot=True, interval=delay)
        self.settle.timeout.connect(self.check)
        if parent is not None:
            parent.installEventFilter(self)

    def start(self) -> None:
        """Take the current version as seen and watch the database's files from now on."""
        self.stop()
        self.sync()
        try:
            name = db_path(self._database())
        except (sqlite3.Error, BilateralError):
            return  # a closed database: nothing to watch
        if not name:
            return  # an in-memory database has no file
        path = Path(name)
        # The folder too: it reports the -wal appearing, and a file replaced by a rename,
        # which a watcher on the file itself stops following.
        self._paths = [str(path), f"{path}-wal", str(path.parent)]
        self._rewatch()

    def stop(self) -> None:
        """Stop watching."""
        self.settle.stop()
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        self._paths = []

    def watched(self) -> list[str]:
        """The paths watched now."""
        return sorted(self.watcher.files() + self.watcher.directories())

    def sync(self) -> None:
        """Take the current version as seen: call it just before reading everything again."""
        self._version = self._read()

    def check(self) -> bool:
        """Emit ``changedElsewhere`` (and return True) when another connection committed."""
        self.settle.stop()
        version = self._read()
        changed = None not in (version, self._version) and version != self._version
        self._version = version
        if changed:
            self.changedElsewhere.emit()
        return changed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.WindowActivate and self._paths:
            self.check()
        return False

    def _on_disk_change(self, _path: str) -> None:
        self._rewatch()
        self.settle.start()

    def _rewatch(self) -> None:
        """Watch every path that exists and is not watched: a replaced or new file."""
        watched = set(self.watcher.files() + self.watcher.directories())
        missing = [p for p in self._paths if p not in watched and Path(p).exists()]
        if missing:
            self.watcher.addPaths(missing)

    def _read(self) -> int | None:
        try:
            return data_version(self._database())
        except (sqlite3.Error, BilateralError):
            return None  # a closed or vanished database: nothing to compare with

"""Noticing that another program (a second window, the command line) changed the open database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from sqlite_utils import Database

from bilateral.db.connection import data_version
from bilateral.db.errors import BilateralError

POLL_MS = 2000


class DataWatch(QObject):
    """Polls SQLite's data version on the window's connection; emits ``changedElsewhere``.

    The data version changes only when another connection commits, so the
    window's own edits never trigger it, and the poll is one cheap PRAGMA.
    """

    changedElsewhere = Signal()

    def __init__(
        self, database: Callable[[], Database], parent: QObject | None = None, interval=POLL_MS
    ):
        super().__init__(parent)
        self._database = database
        self._version: int | None = None
        self.timer = QTimer(self, interval=interval)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Take the current version as seen and poll from now on."""
        self.sync()
        self.timer.start()

    def stop(self) -> None:
        """Stop polling."""
        self.timer.stop()

    def sync(self) -> None:
        """Take the current version as seen: call it just before reading everything again."""
        self._version = self._read()

    def check(self) -> bool:
        """Emit ``changedElsewhere`` (and return True) when another connection committed."""
        version = self._read()
        changed = None not in (version, self._version) and version != self._version
        self._version = version
        if changed:
            self.changedElsewhere.emit()
        return changed

    def _read(self) -> int | None:
        try:
            return data_version(self._database())
        except (sqlite3.Error, BilateralError):
            return None  # a closed or vanished database: nothing to compare with

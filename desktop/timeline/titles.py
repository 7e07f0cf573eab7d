"""Titles of the records behind money steps, read one at a time when a step is hovered."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bilateral.db import money_flows
from bilateral.db.connection import connect


class TitleReader:
    """Reads and keeps record titles through one read-only connection of its own.

    The money flows load without their titles (a pair of 100,000 records has about
    11,000 steps); a hovered step's title is one row by its id, well under a millisecond.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._db = None
        self._titles: dict[int, str] = {}

    def title_of(self, record_id: int) -> str:
        """The record's title ('' if it cannot be read: the hover text goes without it)."""
        if record_id not in self._titles:
            try:
                if self._db is None:
                    self._db = connect(self._path, readonly=True)
                self._titles[record_id] = money_flows.title(self._db, record_id)
            except sqlite3.Error:
                return ""
        return self._titles[record_id]

    def reset(self, path: Path) -> None:
        """Read from ``path`` from now on (another database)."""
        self.close()
        self.forget()
        self._path = path

    def forget(self) -> None:
        """Drop the titles read, after the records may have changed."""
        self._titles.clear()

    def close(self) -> None:
        """Close the connection; a later title opens it again."""
        if self._db is not None:
            self._db.close()
            self._db = None

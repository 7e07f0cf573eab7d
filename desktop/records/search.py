"""Running the id query for the table: at once on small databases, off the UI thread on large ones."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from sqlite_utils import Database

from bilateral.db import query
from bilateral.db.connection import connect, db_path
from bilateral.db.errors import BilateralError
from bilateral.db.listing import first_ids
from bilateral.db.records import count_records

# Below this many records the query takes a few milliseconds: running it in the
# UI thread keeps the table in step with every keystroke and costs nothing.
SYNC_LIMIT = 20_000


class _Signals(QObject):
    done = Signal(int, object)  # generation, (ids, parts folded) or the error


class _Query(QRunnable):
    """list_ids on its own connection, in a pool thread."""

    def __init__(self, path: str, generation: int, where: query.Filter, sort: str, desc: bool):
        super().__init__()
        self.setAutoDelete(False)
        self.path, self.generation = path, generation
        self.where, self.sort, self.desc = where, sort, desc
        self.signals = _Signals()

    def run(self) -> None:
        try:
            db = connect(self.path, readonly=True)
            try:
                result: object = query.list_result(db, self.where, self.sort, self.desc)
            finally:
                db.close()
        except Exception as error:  # an error in a pool thread would be lost: show it instead
            result = error
        self.signals.done.emit(self.generation, result)


class IdSearch(QObject):
    """Holds the filter and sort order; emits ``ready(ids, total)`` for each new result.

    Results of queries overtaken by a newer one are dropped, so fast typing
    never shows an old result last. With ``fold_parts`` the parts of a shown trip are
    left out of the ids, and ``folded`` says how many were.
    """

    ready = Signal(list, int)
    preview = Signal(list)  # the first page, while the whole result loads
    failed = Signal(str)
    busy = Signal(bool)

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.where = query.Filter()
        self.sort, self.descending = "date", False
        self.total = 0
        self.fold_parts = False
        self.folded = 0
        self._generation = 0
        self._running: dict[int, _Query] = {}

    def set_database(self, db: Database) -> None:
        """Query another database from now on."""
        self.db = db

    def set_filter(self, where: query.Filter) -> None:
        """Run the query for a new filter."""
        self.where = replace(where, fold_parts=self.fold_parts)
        self.refresh()

    def set_fold_parts(self, on: bool) -> None:
        """Fold the parts of a shown trip under it, or show them as rows of their own."""
        self.fold_parts = on
        self.where = replace(self.where, fold_parts=on)
        self.refresh()

    def set_sort(self, key: str, descending: bool) -> None:
        """Run the query in a new order."""
        self.sort, self.descending = key, descending
        self.refresh()

    def refresh(self) -> None:
        """Run the query again, after the data changed."""
        self._generation += 1
        self.total = count_records(self.db)
        path = _path(self.db)
        if self.total <= SYNC_LIMIT or not path:
            try:
                ids, self.folded = query.list_result(
                    self.db, self.where, self.sort, self.descending
                )
            except BilateralError as error:
                self.failed.emit(str(error))
                return
            self.ready.emit(ids, self.total)
            return
        try:
            self.preview.emit(first_ids(self.db, self.where, self.sort, self.descending))
        except BilateralError as error:
            self.failed.emit(str(error))
            return
        task = _Query(path, self._generation, replace(self.where), self.sort, self.descending)
        task.signals.done.connect(self._on_done)
        self._running[self._generation] = task
        self.busy.emit(True)
        QThreadPool.globalInstance().start(task)

    def _on_done(self, generation: int, result: object) -> None:
        self._running.pop(generation, None)
        if generation != self._generation:
            return
        self.busy.emit(False)
        if isinstance(result, Exception):
            self.failed.emit(str(result))
        else:
            ids, self.folded = result  # type: ignore[misc]  # list_result gave a tuple
            self.ready.emit(ids, self.total)


def _path(db: Database) -> str:
    path = db_path(db)
    return path if path and Path(path).exists() else ""

"""A connection to a Bilateral database: its settings, write transactions and its file."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from bilateral.db.errors import DatabaseProblem, WriteFailed

BUSY_TIMEOUT_MS = 5000


def connect(
    path: str | os.PathLike, *, readonly: bool = False, cache_kib: int | None = None
) -> Database:
    """Open a connection with WAL, foreign keys and a busy timeout, without migrating.

    Each thread that touches the database opens its own connection through this.

    :param cache_kib: the page cache, for a connection kept to read much again
        (SQLite's default is 2 MB).
    """
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        mode = "ro" if readonly else "rwc"
        uri = Path(path).absolute().as_uri() + f"?mode={mode}"
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # WAL survives a process crash with every commit intact at NORMAL; only a
    # power cut can lose the last commits, never consistency.
    conn.execute("PRAGMA synchronous = NORMAL")
    if cache_kib is not None:
        conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    return Database(conn)


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock at once (BEGIN IMMEDIATE).

    A deferred transaction that reads first and writes later can fail with
    "database is locked" when another process wrote in between, whatever the
    busy timeout; taking the lock up front makes the second writer wait instead.
    Nested use becomes a savepoint through ``db.atomic()``.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise DatabaseProblem(explain(error, Path(db_path(db)))) from None
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException:
        # A COMMIT that fails (full disk, deferred reference) leaves the transaction
        # open, holding the write lock, until it is rolled back.
        db.conn.rollback()
        raise


@contextlib.contextmanager
def writing(db: Database) -> Iterator[Database]:
    """A write transaction whose SQLite and file-system failures become ``WriteFailed``.

    A full disk or an I/O error can strike at any statement or at COMMIT; either
    way ``write_transaction`` rolls the change back whole (an outer transaction is
    its owner's to roll back) and the caller gets a message to show.
    """
    try:
        with write_transaction(db):
            yield db
    except (sqlite3.Error, OSError) as error:
        raise WriteFailed(_write_problem(error, db)) from None


def _write_problem(error: Exception, db: Database) -> str:
    where = db_path(db) or "the database"
    text = str(error)
    if "full" in text or getattr(error, "errno", None) == errno.ENOSPC:
        return (
            f"The change was not saved: the disk holding {where} is full. "
            "Nothing was written; free some space and save again."
        )
    return f"The change was not saved ({text}; {where}). Nothing was written."


def db_path(db: Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    # As bytes: a file name that is not valid UTF-8 cannot be read back as text.
    row = db.conn.execute(
        "SELECT CAST(file AS BLOB) FROM pragma_database_list WHERE name = 'main'"
    ).fetchone()
    return os.fsdecode(row[0]) if row and row[0] else ""


def explain(error: sqlite3.OperationalError, path: Path) -> str:
    """Say in plain words why SQLite could not open or write ``path``."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"{path} is in use by another program that is writing to it; try again shortly."
    if "readonly" in text or "unable to open" in text:
        return f"{path} cannot be written (read-only file or folder, or no permission): {text}."
    return f"{path} could not be opened: {text}."


def data_version(db: Database) -> int:
    """A number that changes when another connection commits to the file.

    Cheap enough to poll from a timer, so a window can refresh after the command
    line or a second window wrote to the same database.
    """
    return db.execute("PRAGMA data_version").fetchone()[0]

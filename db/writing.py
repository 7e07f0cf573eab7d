"""Write transactions that turn a full disk or an I/O error into a message, with nothing written."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

from bilateral.db.connection import db_path, write_transaction
from bilateral.db.errors import WriteFailed


@contextlib.contextmanager
def writing(db: Database) -> Iterator[Database]:
    """A write transaction whose SQLite and file-system failures become ``WriteFailed``.

    A full disk or an I/O error can strike at any statement or at COMMIT; either
    way the transaction is rolled back whole and the caller gets a message to show.
    """
    nested = db.conn.in_transaction
    try:
        with write_transaction(db):
            yield db
    except (sqlite3.Error, OSError) as error:
        # An outer transaction is its owner's to roll back; SQLite may have done so already.
        if db.conn.in_transaction and not nested:
            with contextlib.suppress(sqlite3.Error):
                db.conn.rollback()
        raise WriteFailed(_write_problem(error, db)) from None


def _write_problem(error: Exception, db: Database) -> str:
    where = db_path(db) or "the database"
    text = str(error)
    if "full" in text or getattr(error, "errno", None) == 28:
        return (
            f"The change was not saved: the disk holding {where} is full. "
            "Nothing was written; free some space and save again."
        )
    return f"The change was not saved ({text}; {where}). Nothing was written."

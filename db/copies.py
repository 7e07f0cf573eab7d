"""Copying an open database to another file with SQLite's online backup."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from bilateral.db.connection import db_path
from bilateral.db.errors import BilateralError


def save_copy(
    db: Database, target: str | os.PathLike, progress: Callable[[float], None] | None = None
) -> Path:
    """Write a consistent copy of ``db`` to ``target`` (replacing it) and return its path.

    The copy is written beside the target and renamed into place, so a failure
    never leaves half a database under the target's name.
    """
    target = Path(target).absolute()
    source = db_path(db)
    if source and Path(source).resolve() == target.resolve():
        raise BilateralError("A database cannot be copied onto itself; choose another file name.")
    partial = target.with_name(target.name + ".partial")

    def step(_status: int, remaining: int, total: int) -> None:
        if progress and total:
            progress((total - remaining) / total)

    try:
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(partial)
        try:
            db.conn.backup(copy, pages=256, progress=step)
            # The copy inherits WAL from the source; DELETE makes it one self-contained file.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise BilateralError(f"Could not copy the database to {target}: {_reason(error)}") from None
    return target


def _reason(error: Exception) -> str:
    """What went wrong, in words: a full disk and a read-only folder are said as such."""
    text = str(error) if isinstance(error, sqlite3.Error) else (error.strerror or str(error))
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or "full" in text:
        return "the disk is full; nothing was changed. Free some space and try again"
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return f"the folder cannot be written ({text}); nothing was changed"
    if "readonly" in text or "unable to open" in text:
        return f"the folder cannot be written ({text}); nothing was changed"
    return text

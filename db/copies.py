"""Copying an open database to another file with SQLite's online backup."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from bilateral.db.errors import BilateralError
from bilateral.db.store import db_path


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
    partial.unlink(missing_ok=True)

    def step(_status: int, remaining: int, total: int) -> None:
        if progress and total:
            progress((total - remaining) / total)

    copy = sqlite3.connect(partial)
    try:
        db.conn.backup(copy, pages=256, progress=step)
    except sqlite3.Error as error:
        copy.close()
        partial.unlink(missing_ok=True)
        raise BilateralError(f"Could not copy the database to {target}: {error}") from None
    copy.close()
    os.replace(partial, target)
    return target

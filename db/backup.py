"""Consistent backups with SQLite's backup API, kept beside the database, and restoring them."""

from __future__ import annotations

import datetime
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from bilateral.db.copies import save_copy
from bilateral.db.errors import DatabaseProblem

DEFAULT_KEPT = 10
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Backup:
    """One backup file, when it was taken and how many records it holds."""

    path: Path
    taken_at: datetime.datetime
    records: int | None


def backup_folder(db_file: str | os.PathLike) -> Path:
    """The `backups/` folder beside a database file."""
    return Path(db_file).parent / "backups"


def kept(db: Database) -> int:
    """How many backups to keep (the database's `backups_kept` setting)."""
    try:
        row = db.execute("SELECT value FROM settings WHERE key = 'backups_kept'").fetchone()
    except sqlite3.OperationalError:
        return DEFAULT_KEPT
    return int(row[0]) if row and row[0].isdigit() and int(row[0]) > 0 else DEFAULT_KEPT


def set_kept(db: Database, count: int) -> None:
    """Change how many backups are kept (at least one)."""
    if count < 1:
        raise DatabaseProblem("Keep at least one backup.")
    with db.conn:
        db.conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('backups_kept', ?)", (str(count),)
        )


def make_backup(
    db: Database, db_file: str | os.PathLike, keep: int | None = None, *, prune_old: bool = True
) -> Path:
    """Copy the database consistently into its backups folder and prune old copies.

    :param keep: how many backups to keep; the database's setting when None.

    :return: the new backup's path.
    """
    folder = backup_folder(db_file)
    folder.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = save_copy(db, folder / f"{Path(db_file).stem}-{stamp}.db")
    if prune_old:
        prune(db_file, keep if keep is not None else kept(db))
    return target


def _backup_files(db_file: str | os.PathLike) -> list[Path]:
    folder = backup_folder(db_file)
    if not folder.is_dir():
        return []
    files = folder.glob(f"{Path(db_file).stem}-*.db")
    # The name carries the time to the microsecond, so it sorts even within one second.
    return sorted(files, key=lambda p: p.name, reverse=True)


def prune(db_file: str | os.PathLike, keep: int) -> None:
    """Delete all but the newest ``keep`` backups of ``db_file``."""
    for old in _backup_files(db_file)[keep:]:
        old.unlink(missing_ok=True)


def list_backups(db_file: str | os.PathLike) -> list[Backup]:
    """The backups of ``db_file``, newest first, with their record counts."""
    backups = []
    for path in _backup_files(db_file):
        taken = datetime.datetime.fromtimestamp(path.stat().st_mtime)
        backups.append(Backup(path, taken, _count(path)))
    return backups


def _count(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM records").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def backup_if_due(db: Database, db_file: str | os.PathLike) -> Path | None:
    """Back up when the newest backup is a day old or there is none; return the new path."""
    if not db.execute("SELECT count(*) FROM records").fetchone()[0]:
        return None  # nothing to lose yet
    newest = _backup_files(db_file)[:1]
    now = datetime.datetime.now().timestamp()
    if newest and now - newest[0].stat().st_mtime < DAY.total_seconds():
        return None
    return make_backup(db, db_file)


def _set_aside(path: Path) -> Path:
    """Move a database that cannot be opened, with its -wal and -shm, into the backups folder."""
    folder = backup_folder(path)
    folder.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-unreadable{path.suffix or '.db'}"
    # The journal files go too: left behind, SQLite would replay them into the restored file.
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(target.with_name(target.name + suffix))
    path.replace(target)
    return target


def restore_backup(backup: str | os.PathLike, db_file: str | os.PathLike) -> Path | None:
    """Replace the database's contents with a backup, after backing up the current file.

    :return: the backup made of the current contents (None when there was no file).
    :raises DatabaseProblem: when the backup is not a sound Bilateral database.
    """
    from bilateral.db.store import connect, open_database

    backup = Path(backup)
    if not backup.is_file():
        raise DatabaseProblem(f"{backup} is not a file.")
    source = open_database(backup, create=False, readonly=True)
    try:
        safety = None
        if Path(db_file).exists():
            try:
                current = open_database(db_file, create=False)
            except DatabaseProblem:
                # Damaged, empty or foreign: keep it exactly as it is, out of the way.
                safety = _set_aside(Path(db_file))
            else:
                # No pruning here: it could delete the very backup being restored.
                safety = make_backup(current, db_file, prune_old=False)
                current.close()
        target = connect(db_file)
        try:
            source.conn.backup(target.conn)
        finally:
            target.close()
    finally:
        source.close()
    return safety

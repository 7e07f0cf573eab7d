"""Consistent backups with SQLite's backup API, kept beside the database, and restoring them."""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from bilateral.db.copies import save_copy
from bilateral.db.errors import BackupFailed, BilateralError, DatabaseProblem

DEFAULT_KEPT = 10
DAY = datetime.timedelta(days=1)
STAMP = "%Y%m%d-%H%M%S-%f"
STAMP_PATTERN = r"(\d{8}-\d{6}-\d{6})"
STALE_PARTIAL = datetime.timedelta(minutes=15)  # a live backup rewrites its .partial constantly


@dataclass(frozen=True)
class Backup:
    """One backup file, when it was taken and how many records it holds."""

    path: Path
    taken_at: datetime.datetime
    records: int | None


def backup_folder(db_file: str | os.PathLike) -> Path:
    """The `backups/` folder beside a database file."""
    return Path(db_file).parent / "backups"


def own_folder(db_file: str | os.PathLike) -> Path:
    """The folder of one database's backups: `backups/<its file name>/`.

    One folder per database file, so `x.db` never sees the backups of `x-old.db`
    or `x.sqlite`, whatever characters the names hold.
    """
    return backup_folder(db_file) / Path(db_file).name


def _stamp_of(name: str, stem: str, tail: str = "") -> datetime.datetime | None:
    """The time in a backup's name `{stem}-YYYYMMDD-HHMMSS-ffffff.db{tail}`, or None."""
    match = re.fullmatch(re.escape(stem) + "-" + STAMP_PATTERN + re.escape(".db" + tail), name)
    if not match:
        return None
    try:
        return datetime.datetime.strptime(match[1], STAMP)
    except ValueError:
        return None


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
    try:
        with db.conn:
            db.conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('backups_kept', ?)",
                (str(count),),
            )
    except sqlite3.OperationalError as error:
        text = str(error)
        why = (
            "it is being written by another program (an import?); try again when it has finished"
            if "locked" in text or "busy" in text
            else "it is open read-only (a newer version's or a read-only file)"
            if "readonly" in text
            else text
        )
        raise DatabaseProblem(
            f"Could not change how many backups are kept: {why}. Nothing was changed."
        ) from None


def make_backup(
    db: Database, db_file: str | os.PathLike, keep: int | None = None, *, prune_old: bool = True
) -> Path:
    """Copy the database consistently into its backups folder and prune old copies.

    :param keep: how many backups to keep; the database's setting when None.
    :return: the new backup's path.
    :raises BackupFailed: saying why (read-only folder, full disk); no file is left behind.
    """
    folder = own_folder(db_file)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupFailed(
            f"No backup could be made: the folder {folder} cannot be created "
            f"({error.strerror or error})."
        ) from None
    tidy(db_file)
    stamp = datetime.datetime.now().strftime(STAMP)
    try:
        target = save_copy(db, folder / f"{Path(db_file).stem}-{stamp}.db")
    except BilateralError as error:
        raise BackupFailed(f"No backup could be made: {error}") from None
    if prune_old:
        prune(db_file, keep if keep is not None else kept(db))
    return target


def _backup_files(db_file: str | os.PathLike) -> list[Path]:
    """This database's backups, newest first: its own folder's, then those of the old flat scheme."""
    stem = Path(db_file).stem
    found: list[tuple[datetime.datetime, Path]] = []
    # Backups made before the per-database folders sit directly in backups/.
    for folder in (own_folder(db_file), backup_folder(db_file)):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            taken = _stamp_of(path.name, stem)
            if taken is not None and path.is_file():
                found.append((taken, path))
    return [path for _, path in sorted(found, reverse=True)]


def tidy(db_file: str | os.PathLike) -> None:
    """Remove what interrupted backups of ``db_file`` left: stale `.partial` files and `-wal`/`-shm`."""
    stem = Path(db_file).stem
    now = datetime.datetime.now().timestamp()
    for folder in (own_folder(db_file), backup_folder(db_file)):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if _stamp_of(path.name, stem, ".partial") is not None:
                with contextlib.suppress(OSError):
                    if now - path.stat().st_mtime > STALE_PARTIAL.total_seconds():
                        path.unlink()
            elif _stamp_of(path.name, stem) is not None and _has_companions(path):
                _self_contain(path)


def _has_companions(path: Path) -> bool:
    return any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm"))


def _self_contain(path: Path) -> None:
    """Fold a backup's -wal into it and drop the companions (journal mode DELETE)."""
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    except sqlite3.Error:
        return  # left as it is: a damaged backup is not ours to delete


def prune(db_file: str | os.PathLike, keep: int) -> None:
    """Delete all but the newest ``keep`` backups of ``db_file`` (never a set-aside file)."""
    for old in _backup_files(db_file)[keep:]:
        old.unlink(missing_ok=True)


def list_backups(db_file: str | os.PathLike) -> list[Backup]:
    """The backups of ``db_file``, newest first, with their record counts."""
    stem = Path(db_file).stem
    return [Backup(p, _stamp_of(p.name, stem), _count(p)) for p in _backup_files(db_file)]


def _count(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM records").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def backup_due(db: Database, db_file: str | os.PathLike) -> bool:
    """Whether the newest backup is a day old or there is none, and there are records."""
    if not db.execute("SELECT count(*) FROM records").fetchone()[0]:
        return False  # nothing to lose yet
    newest = _backup_files(db_file)[:1]
    if newest:
        taken = _stamp_of(newest[0].name, Path(db_file).stem)
        if taken and datetime.datetime.now() - taken < DAY:
            return False
    return True


def backup_if_due(db: Database, db_file: str | os.PathLike) -> Path | None:
    """Back up when the newest backup is a day old or there is none; return the new path."""
    return make_backup(db, db_file) if backup_due(db, db_file) else None


def set_aside(path: Path) -> Path:
    """Move a database that cannot be opened, with its -wal and -shm, into its backups folder.

    Its name ends in `-unreadable`, so it is never listed or pruned as a backup.
    """
    folder = own_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime(STAMP)
    target = folder / f"{path.stem}-{stamp}-unreadable{path.suffix or '.db'}"
    # The journal files go too: left behind, SQLite would replay them into the restored file.
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(target.with_name(target.name + suffix))
    path.replace(target)
    return target

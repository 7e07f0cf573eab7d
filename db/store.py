"""Opening a Bilateral database safely: checks, connection settings and migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
import weakref
from pathlib import Path
from typing import Literal

from sqlite_utils import Database

from bilateral.db import check_marker, files, totals, versions
from bilateral.db.backup import make_backup
from bilateral.db.connection import connect, db_path, explain
from bilateral.db.errors import DatabaseProblem
from bilateral.db.schema import migrations


def _check_file(path: Path) -> None:
    """Refuse files that are not SQLite databases before SQLite touches them.

    Only os.stat here, never open(): on POSIX, closing any descriptor of a file
    drops every lock this process holds on it, including those of a live SQLite
    connection, and another program could then delete the WAL under it.
    """
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseProblem(f"{path} is a folder, not a database file.")
    special = files.special_kind(info.st_mode)
    if special:
        raise DatabaseProblem(
            f"{path} is {special}, not a regular file, so it cannot be a database. "
            "It was left untouched; choose a Bilateral database file."
        )
    if info.st_size == 0:
        raise DatabaseProblem(
            f"{path} is empty (0 bytes). It may be a database whose contents were lost; "
            "it was left untouched. Restore it from a backup, or choose a new file name."
        )


class NewerDatabase(DatabaseProblem):
    """The file was written by a newer version of Bilateral; it may only be read."""


class ReadOnlyDatabase(DatabaseProblem):
    """The file or its folder cannot be written; it may only be read."""


def _check_schema(db: Database, path: Path) -> bool:
    """Return True when the database needs migrations; refuse foreign or newer files."""
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(db)}
    newer = applied - known
    if newer:
        raise NewerDatabase(
            f"{path} was written by a newer version of Bilateral (it has the changes "
            f"{', '.join(sorted(newer))}). It can be read but not changed here; "
            "update Bilateral to edit it."
        )
    tables = set(db.table_names())
    if not applied and tables - {"_sqlite_migrations"}:
        raise DatabaseProblem(
            f"{path} is a SQLite database but not a Bilateral database "
            f"(it holds the tables {', '.join(sorted(tables)[:5])}). It was left untouched."
        )
    return bool(known - applied)


def _check_writable(path: Path) -> None:
    target = path if path.exists() else path.parent
    # WAL needs to create -wal and -shm files beside the database, so the folder counts too.
    if not os.access(target, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise ReadOnlyDatabase(
            f"{path} cannot be changed: the file or its folder is read-only. "
            "It can be opened read-only, or copied to a folder you can write to."
        )


def quick_check(db: Database, path: str | os.PathLike | None = None) -> None:
    """Run SQLite's quick check, which finds damaged pages that ordinary queries can miss.

    :raises DatabaseProblem: saying the file is damaged and how to restore it.
    """
    path = path or db_path(db)
    try:
        result = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        result = [(str(error),)]
    if result != [("ok",)]:
        raise DatabaseProblem(
            f"{path} is damaged (SQLite's quick check found: {result[0][0]}). "
            "It was left untouched; restore it from a backup "
            "(bilateral restore --db FILE lists them)."
        )


ALWAYS = "always"

# The connections opened on a file found sound: its path, when it was last checked,
# and whether that check ran at this open.
_sound: weakref.WeakKeyDictionary[Database, tuple[Path, float, bool]] = weakref.WeakKeyDictionary()


def open_database(
    path: str | os.PathLike,
    *,
    create: bool = True,
    readonly: bool = False,
    check: bool | Literal["always"] = True,
) -> Database:
    """Open (and create or migrate if needed) the Bilateral database at ``path``.

    :param create: create the file when it does not exist.
    :param readonly: open for reading only: never migrates or writes.
    :param check: run SQLite's quick check, which catches damaged pages that ordinary
        queries can miss, unless the file is as Bilateral left it after a good check
        less than a day ago (see ``check_marker``); ``"always"`` runs it regardless.
        Close such a connection with ``close_database`` so the next open can skip it.
    :raises DatabaseProblem: with a message that says what is wrong and what to do.
    """
    if str(path) == ":memory:":
        db = connect(path)
        migrations.apply(db)
        return db
    path = Path(path)
    exists = _check_before_connecting(path, create=create, readonly=readonly)
    # Before connecting: SQLite creates the write-ahead log as it opens the file.
    checked = check_marker.last_good_check(path) if exists and check is True else None
    db = None
    try:
        db = connect(path, readonly=readonly)
        ran = bool(check) and checked is None
        _check_and_migrate(db, path, exists=exists, readonly=readonly, check=exists and ran)
    except (DatabaseProblem, sqlite3.Error) as error:
        if db is not None:
            db.close()
        if isinstance(error, DatabaseProblem):
            raise
        raise DatabaseProblem(_explain_open(error, path)) from None
    if check:
        _sound[db] = (path, time.time() if ran else checked, ran)
    return db


def close_database(db: Database, *, note: bool = True) -> None:
    """Close ``db``; a file opened sound is noted as Bilateral leaves it, to skip the next check.

    Only after the close: the last connection's checkpoint writes into the file.
    A process killed before this leaves the old note, so the next open checks.

    :param note: False after a failure, so that the next open checks the file.
    """
    sound = _sound.pop(db, None)
    db.close()
    if sound and note:
        check_marker.record(sound[0], sound[1])


def ensure_checked(db: Database) -> None:
    """Run the quick check unless it ran when ``db`` was opened (before a backup, say).

    :raises DatabaseProblem: saying the file is damaged and how to restore it.
    """
    sound = _sound.get(db)
    if sound and sound[2]:
        return
    quick_check(db)
    if sound:
        _sound[db] = (sound[0], time.time(), True)


def _check_before_connecting(path: Path, *, create: bool, readonly: bool) -> bool:
    """Check what can be checked without SQLite; return whether the file exists."""
    exists = path.exists()
    if exists:
        _check_file(path)
    elif not create or readonly:
        raise DatabaseProblem(f"{path} does not exist.")
    elif not path.parent.is_dir():
        raise DatabaseProblem(f"The folder {path.parent} does not exist.")
    if not readonly:
        _check_writable(path)
    return exists


def _check_and_migrate(
    db: Database, path: Path, *, exists: bool, readonly: bool, check: bool
) -> None:
    """Check the file through its connection, then switch to WAL and migrate if it may change."""
    # SQLite reads the header itself (see _check_file for why Python must not).
    db.execute("PRAGMA schema_version").fetchone()
    if exists and check:
        quick_check(db, path)
    try:
        pending = _check_schema(db, path)
    except NewerDatabase:
        if not readonly:
            raise
        pending = False
    if not readonly:
        # Only now, after every check passed, may the file change (WAL rewrites the header).
        db.execute("PRAGMA journal_mode = WAL")
        if pending:
            _migrate(db, path, exists)


def _migrate(db: Database, path: Path, existed: bool) -> None:
    if existed and migrations.applied(db):
        make_backup(db, path)
    migrations.apply(db)


def _explain_open(error: sqlite3.Error, path: Path) -> str:
    if isinstance(error, sqlite3.OperationalError):
        return explain(error, path)
    if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
        return (
            f"{path} is not a SQLite database (its first bytes are not a SQLite header). "
            "It was left untouched; choose a Bilateral database file."
        )
    return (
        f"{path} is damaged ({error}). It was left untouched; restore it from a backup "
        "(bilateral restore --db FILE lists them)."
    )


def check_report(db: Database) -> tuple[bool, list[str]]:
    """Run SQLite's full integrity check and describe the schema; return (ok, lines)."""
    integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    keys = db.execute("PRAGMA foreign_key_check").fetchall()
    applied = [m.name for m in migrations.applied(db)]
    pending = [m.name for m in migrations.pending(db)]
    kept = versions.consistency(db) if not pending else []
    wrong = totals.differences(db) if not pending else 0
    ok = integrity == ["ok"] and not keys and not pending and not kept and not wrong
    lines = [
        f"database: {db_path(db) or ':memory:'}",
        f"integrity: {'ok' if integrity == ['ok'] else '; '.join(integrity[:10])}",
        f"foreign keys: {'ok' if not keys else f'{len(keys)} broken references'}",
        f"schema: {len(applied)} migration(s) applied"
        + (f", {len(pending)} pending" if pending else ", up to date"),
        f"records: {db.execute('SELECT count(*) FROM records').fetchone()[0]}",
        "history: " + (_history_counts(db) if not kept else f"{len(kept)} problem(s)"),
        *(f"  {problem}" for problem in kept),
        "summary totals: "
        + (
            "ok"
            if not wrong
            else f"{wrong:,} group(s) differ from the records (written by another program?); "
            "rebuild them with: bilateral check --rebuild-totals"
        ),
        f"journal mode: {db.execute('PRAGMA journal_mode').fetchone()[0]}",
    ]
    return ok, lines


def _history_counts(db: Database) -> str:
    """'ok: 19 revisions, 1 import' (or why it cannot be read)."""
    try:
        revisions = db.execute("SELECT count(*) FROM revisions").fetchone()[0]
        imports = db.execute("SELECT count(*) FROM import_batches").fetchone()[0]
    except sqlite3.OperationalError:
        return "not kept yet (the schema is not up to date)"
    return f"ok: {revisions:,} revisions, {imports:,} import{'s' * (imports != 1)}"

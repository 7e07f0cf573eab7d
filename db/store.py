"""Opening a Bilateral database safely: checks, connection settings and migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from bilateral.db.errors import DatabaseProblem
from bilateral.db.schema import migrations

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"


def connect(path: str | os.PathLike, *, readonly: bool = False) -> Database:
    """Open a connection with WAL, foreign keys and a busy timeout, without migrating.

    Each thread that touches the database opens its own connection through this.
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
    return Database(conn)


def _check_file(path: Path) -> None:
    """Refuse files that are not SQLite databases before SQLite touches them."""
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a database file.")
    size = path.stat().st_size
    if size == 0:
        raise DatabaseProblem(
            f"{path} is empty (0 bytes). It may be a database whose contents were lost; "
            "it was left untouched. Restore it from a backup, or choose a new file name."
        )
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseProblem(
            f"{path} is not a SQLite database (its first bytes are not a SQLite header). "
            "It was left untouched; choose a Bilateral database file."
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


def open_database(
    path: str | os.PathLike, *, create: bool = True, readonly: bool = False, check: bool = True
) -> Database:
    """Open (and create or migrate if needed) the Bilateral database at ``path``.

    :param create: create the file when it does not exist.
    :param readonly: open for reading only: never migrates or writes.
    :param check: run SQLite's quick check, which catches damaged pages that ordinary
        queries can miss.
    :raises DatabaseProblem: with a message that says what is wrong and what to do.
    """
    if str(path) == ":memory:":
        db = connect(path)
        migrations.apply(db)
        return db
    path = Path(path)
    exists = path.exists()
    if exists:
        _check_file(path)
    elif not create or readonly:
        raise DatabaseProblem(f"{path} does not exist.")
    elif not path.parent.is_dir():
        raise DatabaseProblem(f"The folder {path.parent} does not exist.")
    if not readonly:
        _check_writable(path)
    db = None
    try:
        db = connect(path, readonly=readonly)
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
    except DatabaseProblem:
        if db is not None:
            db.close()
        raise
    except sqlite3.OperationalError as error:
        raise DatabaseProblem(_explain(error, path)) from None
    except sqlite3.DatabaseError as error:
        raise DatabaseProblem(
            f"{path} is damaged ({error}). It was left untouched; restore it from a backup "
            "(bilateral restore --db FILE lists them)."
        ) from None
    return db


def _migrate(db: Database, path: Path, existed: bool) -> None:
    from bilateral.db.backup import make_backup

    if existed and migrations.applied(db):
        make_backup(db, path)
    migrations.apply(db)


def _explain(error: sqlite3.OperationalError, path: Path) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"{path} is in use by another program that is writing to it; try again shortly."
    if "readonly" in text or "unable to open" in text:
        return f"{path} cannot be written (read-only file or folder, or no permission): {text}."
    return f"{path} could not be opened: {text}."


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
        raise DatabaseProblem(_explain(error, Path(db_path(db)))) from None
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


def db_path(db: Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    for _, name, filename in db.conn.execute("PRAGMA database_list"):
        if name == "main":
            return filename
    return ""


def check_report(db: Database) -> tuple[bool, list[str]]:
    """Run SQLite's full integrity check and describe the schema; return (ok, lines)."""
    integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    keys = db.execute("PRAGMA foreign_key_check").fetchall()
    applied = [m.name for m in migrations.applied(db)]
    pending = [m.name for m in migrations.pending(db)]
    ok = integrity == ["ok"] and not keys and not pending
    lines = [
        f"database: {db_path(db) or ':memory:'}",
        f"integrity: {'ok' if integrity == ['ok'] else '; '.join(integrity[:10])}",
        f"foreign keys: {'ok' if not keys else f'{len(keys)} broken references'}",
        f"schema: {len(applied)} migration(s) applied"
        + (f", {len(pending)} pending" if pending else ", up to date"),
        f"records: {db.execute('SELECT count(*) FROM records').fetchone()[0]}",
        f"journal mode: {db.execute('PRAGMA journal_mode').fetchone()[0]}",
    ]
    return ok, lines


def data_version(db: Database) -> int:
    """A number that changes when another connection commits to the file.

    Cheap enough to poll from a timer, so a window can refresh after the command
    line or a second window wrote to the same database.
    """
    return db.execute("PRAGMA data_version").fetchone()[0]

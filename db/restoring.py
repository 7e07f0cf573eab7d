"""Restoring a backup under the database's write lock, after a safety backup of the current file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from bilateral.db.backup import make_backup, set_aside
from bilateral.db.connection import connect
from bilateral.db.copies import _reason
from bilateral.db.errors import BilateralError, DatabaseProblem
from bilateral.db.store import open_database

LOCK_WAIT_MS = 2000  # how long to wait for another writer before refusing


def _busy_message(target: Path) -> str:
    return (
        f"{target} is being written by another program (an import?); "
        "try again when it has finished. Nothing was changed."
    )


def restore_backup(backup: str | os.PathLike, db_file: str | os.PathLike) -> Path | None:
    """Replace the database's contents with ``backup``, after backing up the current contents.

    The write lock (BEGIN IMMEDIATE) is held from before the safety backup until the
    new contents are committed, so no other writer can commit in between: every row
    another program committed is in the safety backup, and none is lost.

    :return: the safety backup (or the set-aside unreadable file); None when there was no file.
    :raises DatabaseProblem: when the backup is unsound, the database is read-only or
        being written, or the disk is full; nothing is changed then.
    """
    backup, target = Path(backup).absolute(), Path(db_file).absolute()
    if not backup.is_file():
        raise DatabaseProblem(f"{backup} is not a file.")
    if target.exists() and backup.resolve() == target.resolve():
        raise DatabaseProblem(f"{backup} is the database itself, not a backup of it.")
    open_database(
        backup, create=False, readonly=True, check="always"
    ).close()  # refuses unsound backups
    _check_writable(target)
    safety = None
    conn = _locked(target, backup) if target.exists() else None
    if conn is None and target.exists():
        # Not a working SQLite file, so no program can be writing it: keep it, out of the way.
        safety = set_aside(target)
    if conn is None:
        connect(target).execute("PRAGMA journal_mode = WAL").connection.close()
        conn = _locked(target, backup)
        if conn is None:
            raise DatabaseProblem(f"{target} could not be created for the restore.")
    else:
        safety = _safety_backup(conn, target)
    try:
        _replace_contents(conn)
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise DatabaseProblem(
            f"Could not restore {target} from {backup.name}: {_reason(error)}. "
            "The database is as it was."
        ) from None
    finally:
        conn.close()
    return safety


def _check_writable(target: Path) -> None:
    folder_ok = os.access(target.parent, os.W_OK)
    if not folder_ok or (target.exists() and not os.access(target, os.W_OK)):
        raise DatabaseProblem(
            f"{target} cannot be restored: the file or its folder is read-only. "
            "Nothing was changed; copy it to a folder you can write to first."
        )


def _locked(target: Path, backup: Path) -> sqlite3.Connection | None:
    """A connection to ``target`` holding its write lock, the backup attached as `bk`.

    :return: None when ``target`` is not a sound SQLite database.
    """
    conn = sqlite3.connect(
        target.as_uri() + "?mode=rw", uri=True, timeout=LOCK_WAIT_MS / 1000, isolation_level=None
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
        conn.execute("PRAGMA foreign_keys = OFF")  # tables are emptied and refilled in any order
        conn.execute("ATTACH ? AS bk", (backup.as_uri() + "?mode=ro",))
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        conn.close()
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseProblem(_busy_message(target)) from None
        if "readonly" in str(error):
            raise DatabaseProblem(f"{target} cannot be restored: it is read-only.") from None
        return None
    except sqlite3.DatabaseError:
        conn.close()
        return None
    try:
        sound = conn.execute("PRAGMA main.quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        sound = False
    if not sound:
        conn.execute("ROLLBACK")
        conn.close()
    return conn if sound else None


def _safety_backup(conn: sqlite3.Connection, target: Path) -> Path:
    """Back up ``target`` while ``conn`` holds its write lock.

    The copy reads through a second connection: SQLite's backup cannot read from the
    connection that holds the write transaction, and with the lock held the second
    one sees exactly the last commit.
    """
    reader = connect(target, readonly=True)
    try:
        # No pruning here: it could delete the very backup being restored.
        return make_backup(reader, target, prune_old=False)
    except BilateralError as problem:
        conn.execute("ROLLBACK")
        conn.close()
        raise DatabaseProblem(f"{problem} So nothing was restored.") from None
    finally:
        reader.close()


def _names(conn: sqlite3.Connection, schema: str, types: tuple[str, ...]) -> list[tuple]:
    marks = ", ".join("?" * len(types))
    return conn.execute(
        f"SELECT type, name, sql FROM {schema}.sqlite_master "
        f"WHERE type IN ({marks}) AND name NOT LIKE 'sqlite_%' AND sql IS NOT NULL ORDER BY rowid",
        types,
    ).fetchall()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _replace_contents(conn: sqlite3.Connection) -> None:
    """Inside the locked transaction, make `main` hold exactly the schema and rows of `bk`."""
    for kind, name, _sql in _names(conn, "main", ("view", "trigger")):
        conn.execute(f"DROP {kind.upper()} IF EXISTS main.{_q(name)}")
    tables = _names(conn, "main", ("table",))
    # Virtual tables first: dropping one drops its shadow tables.
    for _kind, name, _sql in sorted(tables, key=lambda t: not t[2].upper().startswith("CREATE V")):
        conn.execute(f"DROP TABLE IF EXISTS main.{_q(name)}")
    for _kind, name, sql in _names(conn, "bk", ("table",)):
        if not conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", (name,)).fetchone():
            conn.execute(sql)
    for _kind, name, sql in _names(conn, "bk", ("table",)):
        if not sql.upper().startswith("CREATE VIRTUAL"):
            _copy_rows(conn, name)
    _copy_internal(conn)
    # Indexes, views and triggers last, so no trigger fires while the rows are copied.
    for _kind, _name, sql in _names(conn, "bk", ("index", "view", "trigger")):
        conn.execute(sql)
    version = conn.execute("PRAGMA bk.user_version").fetchone()[0]
    conn.execute(f"PRAGMA main.user_version = {int(version)}")


def _copy_rows(conn: sqlite3.Connection, table: str) -> None:
    # Generated columns cannot be inserted; rowids are kept (the search index refers to them).
    columns = [
        _q(row[1]) for row in conn.execute(f"PRAGMA bk.table_xinfo({_q(table)})") if row[6] == 0
    ]
    listed = ", ".join(columns)
    conn.execute(f"DELETE FROM main.{_q(table)}")
    try:
        conn.execute(
            f"INSERT INTO main.{_q(table)} (rowid, {listed}) "
            f"SELECT rowid, {listed} FROM bk.{_q(table)}"
        )
    except sqlite3.OperationalError:  # a WITHOUT ROWID table
        conn.execute(f"INSERT INTO main.{_q(table)} ({listed}) SELECT {listed} FROM bk.{_q(table)}")


def _copy_internal(conn: sqlite3.Connection) -> None:
    """SQLite's own tables: AUTOINCREMENT counters and the planner's statistics."""
    for name in ("sqlite_sequence", "sqlite_stat1", "sqlite_stat4"):
        sql = conn.execute("SELECT sql FROM bk.sqlite_master WHERE name = ?", (name,)).fetchone()
        if not sql:
            continue
        if not conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", (name,)).fetchone():
            if name != "sqlite_stat1":
                continue  # made by SQLite itself, never by hand
            conn.execute("ANALYZE main.sqlite_master")  # the one way to create sqlite_stat1
        conn.execute(f"DELETE FROM main.{name}")
        conn.execute(f"INSERT INTO main.{name} SELECT * FROM bk.{name}")

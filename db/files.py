"""Files beside the database: telling databases apart safely, refusing them as targets, writing whole."""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bilateral.db.errors import BilateralError

# The files SQLite keeps beside a database; writing over one of them destroys it too.
COMPANIONS = ("-wal", "-shm", "-journal")

_SPECIAL = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is not a regular file, such as 'a socket'."""
    if stat.S_ISREG(mode):
        return None
    for test, name in _SPECIAL:
        if test(mode):
            return name
    return "not a regular file"


def is_database_file(path: str | os.PathLike) -> bool:
    """Whether SQLite takes ``path`` for a database (sound or damaged).

    SQLite reads the header itself (immutable: no locks, no -wal or -shm made):
    opening the file with Python and closing it would drop the locks of any live
    connection this process holds on it.
    """
    path = Path(path)
    try:
        info = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
        return False
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?immutable=1", uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return error.sqlite_errorcode != sqlite3.SQLITE_NOTADB
    return True


def _same(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        if os.path.samefile(a, b):
            return True
    return a.absolute().resolve() == b.absolute().resolve()


def _owner(target: Path, database: Path | None) -> Path | None:
    """The database ``target`` is, or is a -wal, -shm or -journal of; None if none."""
    if database is not None:
        for suffix in ("", *COMPANIONS):
            if _same(target, database.with_name(database.name + suffix)):
                return database
    for suffix in COMPANIONS:
        if target.name.endswith(suffix):
            base = target.with_name(target.name[: -len(suffix)])
            if is_database_file(base):
                return base
    return None


def refuse_database_source(source: str | os.PathLike, database: str | os.PathLike | None) -> None:
    """Refuse a database (or one of its files) given as a CSV or workbook to import.

    Reading it with Python and closing it would drop the locks of the live connection.

    :raises BilateralError: saying the file is a database and nothing was imported.
    """
    source = Path(source)
    owner = _owner(source, Path(database) if database else None)
    if owner is not None or is_database_file(source):
        raise BilateralError(
            f"{source} is a SQLite database (or one of its files), not a CSV file or "
            "workbook; nothing was imported. Choose a records CSV or .xlsx workbook."
        )


def check_export_target(target: str | os.PathLike, database: str | os.PathLike | None) -> None:
    """Refuse to write an export over a database, its companion files, or a folder.

    :param database: the database being exported from, when there is one.
    :raises BilateralError: saying what the target is and that it was left untouched.
    """
    target = Path(target)
    owner = _owner(target, Path(database) if database else None)
    if owner is not None:
        what = "the database" if _same(target, owner) else f"a file of the database {owner}"
        raise BilateralError(
            f"{target} is {what}; exporting there would destroy it. It was left untouched; "
            "choose another file name, such as one ending in .csv."
        )
    if not target.exists():
        return
    if target.is_dir():
        raise BilateralError(f"{target} is a folder; choose a file name to export to.")
    if not os.access(target, os.R_OK):
        raise BilateralError(f"{target} cannot be read, so it was not replaced; choose another.")
    if is_database_file(target):
        raise BilateralError(
            f"{target} is a SQLite database; exporting there would destroy it. "
            "It was left untouched; choose another file name, such as one ending in .csv."
        )
    kind = special_kind(target.stat().st_mode)
    if kind and not is_stream(target):
        raise BilateralError(f"{target} is {kind}; choose a file to export to.")


def is_stream(target: Path) -> bool:
    """Whether ``target`` is a pipe or character device (such as /dev/stdout), written as is."""
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode
        return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)
    return False


@contextlib.contextmanager
def whole_file(target: str | os.PathLike, encoding: str | None = "utf-8") -> Iterator[IO]:
    """A text stream that becomes ``target`` only when the block ends without an error.

    With ``encoding=None`` the stream is binary (a workbook).

    It writes a hidden file in the target's folder and renames it into place, so a
    failed or cancelled export leaves an existing target as it was and no file behind.
    A pipe or character device (such as /dev/stdout) is written directly.
    """
    target = Path(target)
    mode, newline = ("w", "") if encoding else ("wb", None)
    if is_stream(target):
        with open(target, mode, encoding=encoding, newline=newline) as stream:
            yield stream
        return
    final = target.absolute().resolve()  # a symbolic link stays one, pointing at the export
    temp, fd = _create_beside(final)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, stat.S_IMODE(final.stat().st_mode))  # keep the replaced file's mode
        os.replace(temp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _create_beside(final: Path) -> tuple[Path, int]:
    for _attempt in range(100):
        temp = final.with_name(f".{final.name}.{secrets.token_hex(4)}.partial")
        try:
            # 0o666 lets the umask decide the mode, as for any file the user creates.
            return temp, os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
    raise BilateralError(f"Could not create a temporary file beside {final}.")

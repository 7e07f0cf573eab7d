"""A large records CSV checked column by column in Arrow and staged in a side file for SQL to load.

The row-by-row import spends about 25 µs of Python on each row before SQLite sees it.
Here the file is read by Arrow's CSV reader and each column is checked and normalised
at once: per distinct value in Python for columns with few (codes, kinds, dates), by
regular expressions and casts for the others. Only a file whose every row would pass
the row-by-row checks unchanged in meaning is staged; one row that might not, for any
reason (a problem, a value to convert at an ECB rate, a link, a row without uid),
sends the whole file to the row-by-row import, which reports or handles it exactly as
before. The checks are thus conservative: a row flagged here may be fine there.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bilateral.db.cells import COLUMNS
from bilateral.db.csv_encoding import detect_delimiter
from bilateral.db.csv_read import check_header
from bilateral.db.csv_rows import ImportReport
from bilateral.db.model import RECORD_COLUMNS
from bilateral.db.parties import PartyTable

MIN_BYTES = 8 << 20  # smaller files: starting Arrow costs more than it saves
CHECKS = 2  # batches checked at once
BLOCK = 4 << 20  # bytes of CSV per batch Arrow hands over: a batch in checks takes ~40x


@dataclass
class Staged:
    """A side file holding a CSV's checked records and lists, ready for INSERT … SELECT."""

    path: Path
    rows: int = 0
    sha256: str = ""


def worth(path: Path) -> bool:
    """Whether a file is large enough for the column-wise import."""
    return path.stat().st_size >= MIN_BYTES


def header(path: Path) -> tuple[list[str], str] | None:
    """The file's column names and delimiter, when its header line is plain; else None."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            first = stream.readline(1 << 16)
    except UnicodeDecodeError:  # the row-by-row reader names the byte
        return None
    if not first.endswith("\n") or '"' in first:
        return None
    delimiter = detect_delimiter(first, COLUMNS)
    written = next(csv.reader([first], delimiter=delimiter))
    report = ImportReport()
    names = check_header(written, report)
    if report.problem_count or len(names) != len(written):
        return None
    return names, delimiter


def stage(
    path: Path,
    folder: Path,
    kinds: dict[str, tuple[str, int | None]],
    parties: PartyTable,
    stamp: str,
    progress: Callable[[float], object] = lambda fraction: None,
    cancelled: Callable[[], bool] | None = None,
) -> Staged | None:
    """Check the whole CSV and write its records and lists to a new file in ``folder``.

    :return: None, with nothing left behind, when a row may need the row-by-row import.
    :raises Cancelled: through ``cancelled``, with nothing left behind.
    """
    # Arrow is imported only for a file this large: a command-line start stays quick.
    import pyarrow as pa
    from adbc_driver_sqlite import dbapi

    from bilateral.db.column_checks import Checker, NotClean
    from bilateral.db.csv_scan import scan

    found = header(path)
    if found is None:
        return None
    names, delimiter = found
    remove_stale(folder)
    try:
        handle, name = tempfile.mkstemp(prefix=f"{STAGING}{os.getpid()}-", suffix=".db", dir=folder)
    except OSError:  # a folder it may not write in: the rows need no side file
        return None
    os.close(handle)
    staged = Staged(Path(name))
    checker = Checker(kinds, parties, stamp)
    # The hash and the quoting scan read the file beside Arrow, on another core.
    with ThreadPoolExecutor(1) as pool:
        scanned = pool.submit(scan, path, delimiter)
        try:
            _stage(staged, path, names, delimiter, checker, progress, cancelled)
            staged.sha256, clean = scanned.result()
            if not clean or not staged.rows:
                raise NotClean
        # A full disk (dbapi.Error from the side file) is left to the row-by-row import
        # too, which needs no room beside the database and says so if there is none.
        except (NotClean, pa.ArrowInvalid, UnicodeDecodeError, OSError, dbapi.Error):
            remove(staged.path)
            return None
        except BaseException:
            remove(staged.path)
            raise
    return staged


def _stage(staged: Staged, path: Path, names, delimiter, checker, progress, cancelled) -> None:
    """Read, check and write every batch of the file into the side file."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    from adbc_driver_sqlite import dbapi

    from bilateral.db.errors import Cancelled

    size = path.stat().st_size or 1
    reader = pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK),
        parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
        convert_options=pcsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    with (
        contextlib.closing(dbapi.connect(str(staged.path), autocommit=True)) as conn,
        contextlib.closing(conn.cursor()) as cursor,
        ThreadPoolExecutor(1) as writer,
        ThreadPoolExecutor(CHECKS) as checkers,
    ):
        cursor.execute("PRAGMA journal_mode = OFF")
        cursor.execute("PRAGMA synchronous = OFF")

        def write(tables: dict, mode: str) -> None:
            for table_name, table in tables.items():
                cursor.adbc_ingest(table_name, table, mode=mode)

        # Two batches are checked at once and one written meanwhile, in order (Arrow's
        # kernels and ADBC release the GIL): the checks alone are most of the time.
        checks: deque = deque()
        written = None
        done = 0

        def write_next() -> None:
            nonlocal written
            tables = checks.popleft().result()
            if written is not None:
                written.result()
            written = writer.submit(write, tables, "create" if written is None else "append")

        for batch in _batches(reader):
            checks.append(checkers.submit(checker.check, batch, staged.rows))
            staged.rows += batch.num_rows
            if len(checks) > CHECKS:
                write_next()
            done += batch.nbytes
            progress(min(done / size, 1.0))
            if cancelled and cancelled():
                raise Cancelled("Import cancelled; nothing was changed.")
        while checks:
            write_next()
        if written is not None:
            written.result()


def _batches(reader) -> Iterator:
    """The reader's batches; a parse error (a ragged row, bad quoting) means NotClean."""
    import pyarrow as pa

    from bilateral.db.column_checks import NotClean

    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid:
            raise NotClean from None
        yield batch


STAGING = ".bilateral-staging-"  # a side file's name: this, its process id, '-', a tag


def remove_stale(folder: Path) -> None:
    """Delete the side files that imports killed before they could clean up left behind."""
    for path in folder.glob(f"{STAGING}*-*.db"):
        pid = path.name[len(STAGING) :].partition("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            remove(path)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap test elsewhere: the file stays
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def remove(path: Path) -> None:
    """Delete a side file and whatever SQLite kept beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def load_sql(first_id: int) -> list[str]:
    """The statements copying the attached side file ``staging`` into the lists and records.

    The lists go first, as the row-by-row import writes them: their foreign keys are
    deferred, and each then costs a lookup in an empty parent (half the time of one
    into a million records).
    """
    from bilateral.db.column_checks import LISTS

    offset = int(first_id)
    sql = []
    for table, columns in LISTS.items():
        names = ", ".join(columns)
        sql.append(
            f"INSERT INTO {table} (record_id, position, {names}) "
            f"SELECT row + {offset}, position, {names} FROM staging.{table} ORDER BY rowid"
        )
    sql.append(
        f"INSERT INTO records (id, {', '.join(RECORD_COLUMNS)}) "
        f"SELECT row + {offset}, {', '.join(RECORD_COLUMNS)} FROM staging.records ORDER BY rowid"
    )
    return sql

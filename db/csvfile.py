"""Importing a records CSV: streamed, strictly read, checked row by row, all or nothing."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path

from sqlite_utils import Database

from bilateral.db import (
    csv_columns,
    parties,
    validation,
    xlsx_read,
)
from bilateral.db import records as rec
from bilateral.db.cells import COLUMNS
from bilateral.db.connection import db_path, write_transaction
from bilateral.db.csv_encoding import sniff_encoding
from bilateral.db.csv_importer import BatchFile, Importer
from bilateral.db.csv_merge import MergeRules
from bilateral.db.csv_read import REQUIRED, ByteCounter, read_rows
from bilateral.db.csv_rows import (
    ImportFailed,
    ImportReport,
    RowLayout,
)
from bilateral.db.errors import BilateralError, Cancelled

# A row whose uid exists: merged (edits made outside applied, conflicts reported),
# skipped, or refused. "update" is the old name of the merge.
ON_DUPLICATE = ("merge", "skip", "error", "update")
ON_CONFLICT = ("keep", "file")

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]


def import_records(
    db: Database,
    source: str | os.PathLike,
    *,
    on_duplicate: str = "merge",
    on_conflict: str = "keep",
    take_file: Collection[str] = (),
    allow_duplicates: bool = False,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    origin: str = "import",
    keep_history: bool = True,
    layout: RowLayout | None = None,
) -> ImportReport:
    """Import a records CSV, or the first sheet of an .xlsx workbook, in one transaction:
    every row or none.

    :param on_duplicate: what to do with a row whose uid exists: merge, skip or error.
    :param on_conflict: in a merge, whose version a conflict keeps: the stored one
        (keep) or the file's (file).
    :param take_file: uids whose conflicts take the file's version whatever ``on_conflict``.
    :param allow_duplicates: add rows without uid that match a record already there.
    :param dry_run: check and count everything, then roll back.
    :param origin: what the batch is named as in the history: 'import' or 'seed'.
    :param keep_history: False writes no revisions and no batch: only for measuring
        what history costs (the benchmark), never for a user's import.
    :param layout: another format's columns, turned into records-CSV cells (db/aiddata.py).
    :raises ImportFailed: when any row has a problem; the database is unchanged.
    :raises Cancelled: when ``cancelled()`` turned true; the database is unchanged.
    """
    if on_duplicate not in ON_DUPLICATE:
        raise BilateralError(f"--on-duplicate must be one of {', '.join(ON_DUPLICATE)}")
    if on_conflict not in ON_CONFLICT:
        raise BilateralError(f"--on-conflict must be one of {', '.join(ON_CONFLICT)}")
    merge = MergeRules(
        "merge" if on_duplicate == "update" else on_duplicate,
        on_conflict,
        frozenset(take_file),
        allow_duplicates,
    )
    path = Path(source)
    if not path.is_file():
        raise BilateralError(f"{path} is not a file.")
    plain = layout is None  # a records CSV as it is, not another format's columns
    layout = layout or RowLayout(COLUMNS, REQUIRED)
    report = layout.report(allow_duplicates)
    columns, required = layout.columns, layout.required
    batch = BatchFile(path.name, path.stat().st_size, origin, keep_history)
    if xlsx_read.is_workbook(path, report):  # by its content: a renamed file works too
        sheet = xlsx_read.Sheet(path, report, columns, required)
        with path.open("rb") as whole:
            batch.sha256 = hashlib.file_digest(whole, "sha256")
        with contextlib.closing(sheet.rows()) as rows:
            return import_rows(
                db,
                report,
                layout.cells(rows),
                lambda: progress and progress(sheet.fraction()),
                cancelled,
                sheet.size,
                merge,
                dry_run,
                batch,
            )
    size = path.stat().st_size or 1
    with path.open("rb") as raw:
        other = sniff_encoding(raw.read(4096))
        if other:
            report.problem(0, "", f"the file is {other}, not UTF-8; save it as UTF-8")
            raise ImportFailed(report)
    if plain and csv_columns.worth(path):
        done = _import_staged(db, path, merge, dry_run, batch, progress, cancelled)
        if done is not None:
            return done
    with path.open("rb") as raw:
        counter = ByteCounter(raw)
        batch.sha256 = counter.digest
        text = io.TextIOWrapper(
            io.BufferedReader(counter), encoding="utf-8-sig", errors="strict", newline=""
        )
        return import_rows(
            db,
            report,
            layout.cells(read_rows(text, report, path, columns, required)),
            lambda: progress and progress(counter.read_bytes / size),
            cancelled,
            size,
            merge,
            dry_run,
            batch,
        )


STAGED_SHARE = 0.15  # of a staged import's time (1 M records): reading, checking, staging


def _import_staged(
    db: Database,
    path: Path,
    merge: MergeRules,
    dry_run: bool,
    batch: BatchFile,
    progress: ProgressFn | None,
    cancelled: CancelFn | None,
) -> ImportReport | None:
    """Import a large records CSV checked column by column (db/csv_columns.py).

    :return: None when the file needs the row-by-row import: a row it could not vouch
        for, a uid already stored or twice in the file, or kinds or parties another
        program changed since the checks began; the database is then unchanged.
    """
    file = db_path(db)
    if not file:  # in memory: no folder for a side file
        return None
    folder = Path(file).parent
    inputs = _check_inputs(db)
    staged = csv_columns.stage(
        path,
        folder,
        inputs[0],
        parties.table(db),
        validation.now(),
        lambda fraction: progress and progress(fraction * STAGED_SHARE),
        cancelled,
    )
    if staged is None:
        return None
    report = ImportReport(duplicates_allowed=merge.allow_duplicates)
    batch.sha256 = staged.sha256
    try:
        try:
            db.conn.execute("ATTACH DATABASE ? AS staging", (str(staged.path),))
        except sqlite3.OperationalError:  # such as too many attached already
            return None
        try:
            with _rollback_journal(db), write_transaction(db):
                if _check_inputs(db) != inputs:
                    raise _Stale  # another program changed the kinds or parties checked
                Importer(db, report, merge, dry_run, batch).run_staged(staged, cancelled, progress)
                if dry_run:
                    raise _DryRun
        finally:
            db.conn.execute("DETACH DATABASE staging")
    except _DryRun:
        return report
    except (_Stale, sqlite3.IntegrityError):
        return None
    except sqlite3.OperationalError as error:
        if cancelled and cancelled() and "interrupt" in str(error):
            raise Cancelled("Import cancelled; nothing was changed.") from None
        raise
    finally:
        csv_columns.remove(staged.path)
    if progress:
        progress(1.0)
    report.committed = True
    return report


@contextlib.contextmanager
def _rollback_journal(db: Database) -> Iterator[None]:
    """A rollback journal instead of WAL while a large import writes, when no other
    connection has the file open; WAL again afterwards.

    In WAL every page of the import is written twice: into the WAL, then into the file
    (about 8 s of a million records). A rollback journal holds only the pages that
    existed before, so a fresh database's import writes each page once. It is as
    crash-safe, at synchronous FULL: a process killed mid-import leaves a hot journal
    that SQLite rolls back at the next open, and every writable open sets WAL again
    (db/store.py). Another program that has the file open keeps it in WAL: SQLite
    refuses the switch then, and the import writes as before.
    """
    try:
        mode = db.conn.execute("PRAGMA main.journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError:  # locked by another connection
        mode = "wal"
    if mode != "delete":
        yield
        return
    (synchronous,) = db.conn.execute("PRAGMA main.synchronous").fetchone()
    db.conn.execute("PRAGMA main.synchronous = FULL")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA main.synchronous = {int(synchronous)}")
        with contextlib.suppress(sqlite3.OperationalError):
            db.conn.execute("PRAGMA main.journal_mode = WAL")


def _check_inputs(db: Database) -> tuple:
    """What the column-wise checks read from the database: the kinds and the parties."""
    return (
        rec.kind_defaults(db),
        db.conn.execute("SELECT * FROM parties ORDER BY code").fetchall(),
        db.conn.execute("SELECT * FROM party_members ORDER BY 1, 2").fetchall(),
    )


class _Stale(Exception):
    """Another connection wrote between a staged import's checks and its transaction."""


def import_rows(
    db: Database,
    report: ImportReport,
    rows: Iterable[tuple[int, dict[str, str]]],
    progress: Callable[[], object],
    cancelled: CancelFn | None,
    size: int,
    merge: MergeRules,
    dry_run: bool,
    batch: BatchFile,
) -> ImportReport:
    """Import (row number, cells) from a CSV or a sheet in one transaction: all or none."""
    try:
        with write_transaction(db):
            Importer(db, report, merge, dry_run, batch).run(rows, progress, cancelled, size)
            if report.problem_count:
                raise ImportFailed(report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        return report
    report.committed = True
    return report


class _DryRun(Exception):
    """Raised to roll back a dry run."""

"""Importing a records CSV: streamed, strictly read, checked row by row, all or nothing."""

from __future__ import annotations

import csv
import io
import os
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import IO

from sqlite_utils import Database

from bilateral.db import records as rec
from bilateral.db import validation
from bilateral.db.cells import COLUMNS, restore
from bilateral.db.connection import write_transaction
from bilateral.db.csv_encoding import (
    MAX_FIELD,
    MAX_LINE,
    LineTooLong,
    bounded_lines,
    decode_problem,
    first_bad_byte,
    row_and_column,
    sniff_encoding,
)
from bilateral.db.csv_merge import MergeRules, match_duplicates, merge_row
from bilateral.db.csv_rows import Duplicate, ImportFailed, ImportReport, row_to_record
from bilateral.db.errors import BilateralError, Cancelled, InvalidRecord
from bilateral.db.schema import (
    begin_bulk_insert,
    create_indexes,
    drop_secondary_indexes,
    end_bulk_insert,
    refresh_statistics,
)
from bilateral.db.text import describe, is_invisible, shown

REQUIRED = ("actor", "partner", "kind", "date", "title")
# A row whose uid exists: merged (edits made outside applied, conflicts reported),
# skipped, or refused. "update" is the old name of the merge.
ON_DUPLICATE = ("merge", "skip", "error", "update")
ON_CONFLICT = ("keep", "file")
BATCH = 1000
LOOKUP_CACHE = -65536  # KiB of page cache while an import looks up rows without uid
ROW_BYTES = 400  # a generous size of one CSV row, to guess a file's row count

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]


class _ByteCounter(io.RawIOBase):
    """Counts bytes read from a binary file so progress can follow a text stream."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)


def _unknown_column(name: str) -> str:
    """Why a column is unknown; a name that differs from a real one only by invisible
    characters (a BOM pasted inside, a zero-width space) says which, since it looks right."""
    hidden = [c for c in name if c != " " and is_invisible(c)]
    if not hidden:
        return "unknown column (see the README for the records format)"
    meant = "".join(c for c in name if not is_invisible(c))
    hint = f" (did you mean {meant!r}?)" if meant in COLUMNS else ""
    return f"unknown column: its name contains the invisible character {describe(hidden[0])}{hint}"


def _check_header(header: list[str], report: ImportReport) -> list[str]:
    names = [h.strip() for h in header]
    seen = set()
    for name in names:
        if name in seen:
            report.problem(1, shown(name), "this column appears twice")
        seen.add(name)
    unknown = [n for n in names if n not in COLUMNS]
    for name in unknown[:10]:
        report.problem(1, shown(name[:40]), _unknown_column(name))
    if len(unknown) > 10:
        report.problem(1, "", f"{len(unknown) - 10} more unknown columns")
    for name in REQUIRED:
        if name not in seen:
            report.problem(1, name, "required column is missing")
    return names


def _report_undecodable(
    report: ImportReport, error: UnicodeDecodeError, path: str | os.PathLike | None, row: int
) -> None:
    """Report the first byte that is not UTF-8 by row, column, byte offset and line.

    The text stream decodes a chunk ahead of the CSV reader, so the row being read
    when the error came is not the one holding the byte: the file is scanned again.
    """
    found = first_bad_byte(path) if path is not None else None
    if found is None:
        report.problem(row, "", decode_problem(error.object[error.start]))
        return
    offset, byte, line = found
    bad_row, column = row_and_column(path, line)
    report.problem(bad_row or row, column, decode_problem(byte, offset, line))


def read_rows(
    stream: IO[str], report: ImportReport, path: str | os.PathLike | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, cells) from a CSV text stream, strictly.

    Structural problems (bad quoting, NUL bytes, ragged rows, oversized fields
    or lines, undecodable bytes) are reported; reading stops at the first one
    that leaves the rest of the file unreadable.

    :param path: the file ``stream`` reads, to find an undecodable byte exactly.
    """
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(bounded_lines(stream), strict=True)
    number = 1
    try:
        header = next(reader, None)
        if header is None:
            report.problem(0, "", "the file is empty")
            return
        names = _check_header(header, report)
        if report.problem_count:
            return
        for number, cells in enumerate(reader, 2):
            if len(cells) != len(names):
                if cells:
                    report.problem(
                        number, "", f"has {len(cells)} cells, the header has {len(names)}"
                    )
                continue
            # Only a cell starting with an apostrophe can need restoring: one search over
            # the joined row finds them (a false hit just restores nothing).
            joined = "\n".join(cells)
            if joined.startswith("'") or "\n'" in joined:
                yield number, {n: restore(c) for n, c in zip(names, cells, strict=True)}
            else:
                yield number, dict(zip(names, cells, strict=True))
        if number == 1:
            report.problem(0, "", "the file has a header but no records")
    except csv.Error as error:
        reason = str(error)
        if "NUL" in reason:
            reason = "contains a NUL byte (is it a binary file, or not UTF-8?)"
        elif "field larger" in reason:
            reason = f"a cell is longer than {MAX_FIELD:,} characters"
        report.problem(number + 1, "", f"unreadable CSV: {reason}")
    except LineTooLong:
        report.problem(number + 1, "", f"a line is longer than {MAX_LINE:,} characters")
    except UnicodeDecodeError as error:
        _report_undecodable(report, error, path, number + 1)


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
) -> ImportReport:
    """Import a records CSV in one transaction: every row or none.

    :param on_duplicate: what to do with a row whose uid exists: merge, skip or error.
    :param on_conflict: in a merge, whose version a conflict keeps: the stored one
        (keep) or the file's (file).
    :param take_file: uids whose conflicts take the file's version whatever ``on_conflict``.
    :param allow_duplicates: add rows without uid that match a record already there.
    :param dry_run: check and count everything, then roll back.
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
    size = path.stat().st_size or 1
    report = ImportReport(duplicates_allowed=allow_duplicates)
    with path.open("rb") as raw:
        other = sniff_encoding(raw.read(4096))
        raw.seek(0)
        if other:
            report.problem(0, "", f"the file is {other}, not UTF-8; save it as UTF-8")
            raise ImportFailed(report)
        counter = _ByteCounter(raw)
        text = io.TextIOWrapper(
            io.BufferedReader(counter), encoding="utf-8-sig", errors="strict", newline=""
        )
        try:
            with write_transaction(db):
                _Importer(db, report, merge, dry_run).run(
                    read_rows(text, report, path),
                    lambda: progress and progress(counter.read_bytes / size),
                    cancelled,
                    size,
                )
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


class _Importer:
    """Validates rows in batches and writes them inside the caller's transaction."""

    def __init__(self, db: Database, report: ImportReport, merge: MergeRules, dry_run: bool):
        self.db, self.report, self.merge = db, report, merge
        self.on_duplicate = merge.on_duplicate
        self.dropped: list[str] = []
        self.cache_size: int | None = None  # SQLite's, while rows without uid are looked up
        self.dry_run = dry_run
        self.kinds = rec.kind_defaults(db)
        self.first_new_id = rec.next_id(db)
        self.next_id = self.first_new_id
        # The row each uid first came from, for the whole file (a uid seen in one batch
        # must be refused in any later one): new records by id, 4 bytes each; existing
        # ones the file updated, skipped or refused, by id.
        self.new_rows = array("I")
        self.existing_rows: dict[int, int] = {}

    def run(
        self, rows: Iterable[tuple[int, dict]], progress, cancelled: CancelFn | None, size: int
    ) -> None:
        begin_bulk_insert(self.db)
        # A file likely to hold at least as many rows as the database: building the
        # secondary indexes afresh at the end beats inserting into them row by row.
        if size // ROW_BYTES >= rec.count_records(self.db):
            self.dropped = drop_secondary_indexes(self.db)
        try:
            self._read(rows, progress, cancelled)
        finally:
            if self.cache_size is not None:
                self.db.conn.execute(f"PRAGMA cache_size = {int(self.cache_size)}")
        if self.report.problem_count or self.dry_run:
            return  # rolled back by the caller: the index work would be thrown away
        end_bulk_insert(self.db, self.first_new_id)
        if self.dropped:
            create_indexes(self.db, self.dropped)
            refresh_statistics(self.db)

    def _read(self, rows: Iterable[tuple[int, dict]], progress, cancelled: CancelFn | None) -> None:
        batch: list[tuple[int, rec.Record, bool, str]] = []
        stamp = validation.now()
        for number, cells in rows:
            record = row_to_record(cells, number, self.report)
            if record is not None:
                # Whether the row had a uid, and the version it was exported from,
                # before prepare() fills them in.
                had_uid, version = bool(record.uid), record.updated_at
                try:
                    prepared = validation.prepare(record, self.kinds, stamp, normalised=True)
                    batch.append((number, prepared, had_uid, version))
                except InvalidRecord as error:
                    for p in error.problems:
                        self.report.problem(number, p.field, p.message)
            if len(batch) >= BATCH:
                self._write(batch)
                batch = []
                stamp = validation.now()
                if cancelled and cancelled():
                    raise Cancelled("Import cancelled; nothing was changed.")
                progress()
        self._write(batch)
        progress()

    def _write(self, batch: list[tuple[int, rec.Record, bool, str]]) -> None:
        if not batch:
            return
        uids = [r.uid for _, r, _, _ in batch]
        marks = ", ".join("?" * len(uids))
        existing = dict(
            self.db.conn.execute(f"SELECT uid, id FROM records WHERE uid IN ({marks})", uids)
        )
        stored = {}
        if self.on_duplicate == "merge" and existing:
            stored = {r.id: r for r in rec.get_records(self.db, list(existing.values()))}
        duplicates = self._duplicates([(n, r) for n, r, had_uid, _ in batch if not had_uid])
        new, seen = [], {}
        for number, record, _, version in batch:
            record_id = existing.get(record.uid)
            first = seen.get(record.uid) or self._first_row(record_id)
            if first:
                self.report.problem(
                    number,
                    "uid",
                    f"{record.uid} appears twice in the file (rows {first} and {number})",
                )
                continue
            seen[record.uid] = number
            if record_id is None:
                duplicate = duplicates.get(number)
                if duplicate is not None:
                    self.report.duplicate(duplicate)
                    if not self.merge.allow_duplicates:
                        continue
                record.id = self.next_id
                self.next_id += 1
                self.new_rows.append(number)
                new.append(record)
                continue
            self.existing_rows[record_id] = number
            if self.on_duplicate == "skip":
                self.report.skipped += 1
            elif self.on_duplicate == "error":
                self.report.problem(number, "uid", f"{record.uid} exists in the database")
            else:
                merge_row(
                    self.db, self.report, self.merge, (number, record, version), stored[record_id]
                )
        rec.insert_prepared(self.db, new)
        self.report.added += len(new)

    def _first_row(self, record_id: int | None) -> int | None:
        """The row of the file that already brought the record with this id, if any."""
        if record_id is None:
            return None
        if record_id >= self.first_new_id:
            return self.new_rows[record_id - self.first_new_id]
        return self.existing_rows.get(record_id)

    def _duplicates(self, rows: list[tuple[int, rec.Record]]) -> dict[int, Duplicate]:
        if not rows:
            return {}
        self._prepare_lookups()
        return match_duplicates(self.db, rows, self._new_row, self.merge.allow_duplicates)

    def _new_row(self, record_id: int) -> int:
        """The row of the file that brought the record ``record_id``; 0 for a stored one."""
        if record_id >= self.first_new_id:
            return self.new_rows[record_id - self.first_new_id]
        return 0

    def _prepare_lookups(self) -> None:
        """Before the first lookup of rows without uid: a larger page cache, and
        records_pair_date built again if this import dropped it (they go through it;
        a scan per batch would be quadratic)."""
        if self.cache_size is not None:
            return
        # The lookups read the index, and the rows they match, at scattered places, and
        # a rebuilt index is kept up row by row: with SQLite's default 2 MB cache both
        # spill to disk (+35% CPU for 200,000 rows without uid); 64 MB holds the index
        # of a million records.
        (self.cache_size,) = self.db.conn.execute("PRAGMA cache_size").fetchone()
        self.db.conn.execute(f"PRAGMA cache_size = {LOOKUP_CACHE}")
        for sql in self.dropped:
            if "records_pair_date " in sql:
                self.db.conn.execute(sql)
                self.dropped.remove(sql)
                return

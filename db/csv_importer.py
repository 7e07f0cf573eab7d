"""An import's writing: rows checked in Python in batches, or a staged file by SQL, then indexed."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable

from sqlite_utils import Database

from bilateral.db import batches, csv_columns, history, links, parties, totals, validation
from bilateral.db import records as rec
from bilateral.db.bulk import (
    begin_bulk_insert,
    create_indexes,
    drop_secondary_indexes,
    end_bulk_insert,
    refresh_statistics,
)
from bilateral.db.csv_merge import MergeRules, match_duplicates, merge_row
from bilateral.db.csv_rows import Duplicate, ImportReport, row_to_record
from bilateral.db.errors import Cancelled, InvalidRecord

BATCH = 1000
LOOKUP_CACHE = -65536  # KiB of page cache while an import looks up rows without uid
ROW_BYTES = 400  # a generous size of one CSV row, to guess a file's row count
CancelFn = Callable[[], bool]


class BatchFile:
    """The file an import reads, as its batch names it; its hash fills in as it is read."""

    def __init__(self, name: str, size: int, origin: str, keep: bool):
        self.name, self.size, self.origin, self.keep = name, size, origin, keep
        self.sha256: hashlib._Hash | str | None = None

    def hexdigest(self) -> str:
        """The file's SHA-256 in hex, as far as it was read ('' if it was not)."""
        if isinstance(self.sha256, str) or self.sha256 is None:
            return self.sha256 or ""
        return self.sha256.hexdigest()


class _Touched:
    """The ids an import wrote, as a set: its new records (a range) and the existing ones."""

    def __init__(self, first_new: int, next_new: int, existing: dict[int, int]):
        self.first_new, self.next_new, self.existing = first_new, next_new, existing

    def __contains__(self, record_id: object) -> bool:
        return (
            isinstance(record_id, int) and self.first_new <= record_id < self.next_new
        ) or record_id in self.existing

    def __len__(self) -> int:
        return self.next_new - self.first_new + len(self.existing)

    def __iter__(self):
        yield from range(self.first_new, self.next_new)
        yield from self.existing


class Importer:
    """Validates rows in batches and writes them inside the caller's transaction."""

    def __init__(
        self,
        db: Database,
        report: ImportReport,
        merge: MergeRules,
        dry_run: bool,
        batch: BatchFile,
    ):
        self.db, self.report, self.merge, self.batch = db, report, merge, batch
        self.origin: history.Origin | None = None  # the batch's, once it is opened
        self.on_duplicate = merge.on_duplicate
        self.dropped: list[str] = []
        self.cache_size: int | None = None  # SQLite's, while rows without uid are looked up
        self.dry_run = dry_run
        self.step: Callable[[float], object] | None = None  # a staged import's progress
        self.kinds = rec.kind_defaults(db)
        self.parties = parties.table(db)
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
        """Import the rows of a file of ``size`` bytes, checking each in Python."""
        self._around(lambda: self._read(rows, progress, cancelled), size)

    def run_staged(
        self,
        staged: csv_columns.Staged,
        cancelled: CancelFn | None,
        progress: Callable[[float], object] | None = None,
    ) -> None:
        """Import the checked rows of a side file (db/csv_columns.py) by INSERT … SELECT.

        :param progress: told the fraction of the whole import done after each step.
        """
        self.step = progress
        if cancelled is not None:
            # A non-zero answer interrupts the statement running; the caller rolls back.
            self.db.conn.set_progress_handler(lambda: 1 if cancelled() else 0, 100_000)
        try:
            self._around(lambda: self._load(staged), staged.rows * ROW_BYTES)
        finally:
            self.db.conn.set_progress_handler(None, 0)

    def _load(self, staged: csv_columns.Staged) -> None:
        for sql in csv_columns.load_sql(self.first_new_id):
            self.db.conn.execute(sql)
        self.next_id = self.first_new_id + staged.rows
        if self.origin is not None:
            history.created_from(self.db, self.first_new_id, self.origin)
        self.report.added += staged.rows

    def _done(self, fraction: float) -> None:
        """Say how far a staged import is, by the share of its time each step took at 1 M."""
        if self.step is not None:
            self.step(fraction)

    def _around(self, fill: Callable[[], None], size: int) -> None:
        """Open the batch, fill the records, then index, total and close it."""
        if self.batch.keep:
            self.origin = batches.begin(
                self.db, self.batch.name, self.batch.size, self.batch.origin
            )
        begin_bulk_insert(self.db, self.first_new_id)
        # A file likely to hold at least as many rows as the database: building the
        # secondary indexes afresh at the end beats inserting into them row by row.
        if size // ROW_BYTES >= rec.count_records(self.db):
            self.dropped = drop_secondary_indexes(self.db)
        try:
            fill()
        finally:
            if self.cache_size is not None:
                self.db.conn.execute(f"PRAGMA cache_size = {int(self.cache_size)}")
        self._check_links()
        if self.report.problem_count or self.dry_run:
            return  # rolled back by the caller: the index work would be thrown away
        self._done(0.5)
        end_bulk_insert(self.db, self.first_new_id)
        self._done(0.65)
        if self.dropped:
            create_indexes(self.db, self.dropped)
        self._done(0.88)
        totals.add_from(self.db, self.first_new_id)  # with the indexes back
        if self.dropped:
            refresh_statistics(self.db)
        if self.origin is not None:
            r = self.report
            counts = {"added": r.added, "updated": r.updated + r.conflicts_taken}
            counts |= {"unchanged": r.unchanged, "conflicts": r.conflicts}
            digest = self.batch.hexdigest()
            batches.finish(self.db, self.origin, counts, digest)

    def _read(self, rows: Iterable[tuple[int, dict]], progress, cancelled: CancelFn | None) -> None:
        batch: list[tuple[int, rec.Record, bool, str]] = []
        stamp = validation.now()
        for number, cells in rows:
            record = row_to_record(cells, number, self.report, self.kinds, self.parties)
            if record is not None:
                # Whether the row had a uid, and the version it was exported from,
                # before prepare() fills them in.
                had_uid, version = bool(record.uid), record.updated_at
                filling = record.amount is not None and record.amount_usd is None
                try:
                    prepared = validation.prepare(
                        record, self.kinds, stamp, normalised=True, parties=self.parties
                    )
                except InvalidRecord as error:
                    for p in error.problems:
                        self.report.problem(number, p.field, p.message)
                else:
                    batch.append((number, prepared, had_uid, version))
                    if filling:
                        self._note_usd(number, prepared)
            if len(batch) >= BATCH:
                self._write(batch)
                batch = []
                stamp = validation.now()
                if cancelled and cancelled():
                    raise Cancelled("Import cancelled; nothing was changed.")
                progress()
        self._write(batch)
        progress()

    def _note_usd(self, number: int, record: rec.Record) -> None:
        """Say when a USD value the file left empty stays empty, or took another day's rate."""
        conversion = validation.usd_conversion(record)
        if conversion is None or not conversion.note:
            return
        if conversion.value is None:
            self.report.note(
                number,
                "amount_usd",
                f"left empty: {conversion.note}; give amount_usd with usd_basis user or source",
            )
        else:
            self.report.note(number, "amount_usd", conversion.note)

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
                    self.db,
                    self.report,
                    self.merge,
                    (number, record, version),
                    stored[record_id],
                    self.origin,
                )
        rec.insert_prepared(self.db, new)
        if self.origin is not None:
            history.created(self.db, new, self.origin)
        self.report.added += len(new)

    def _check_links(self) -> None:
        """Once every row is in: links to a uid neither the database nor the file has, and
        cycles, reported at the row that holds them (a link may name a later row)."""
        if self.report.problem_count or not links.any_links(self.db):
            return
        touched = _Touched(self.first_new_id, self.next_id, self.existing_rows)
        for record_id, problem in links.write_problems(self.db, touched):
            self.report.problem(self._first_row(record_id) or 0, problem.field, problem.message)

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

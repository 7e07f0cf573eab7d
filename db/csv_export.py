"""Streaming records and summaries out as CSV, every cell computed by SQLite."""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import IO

from sqlite_utils import Database

from bilateral.db import csv_parallel, files
from bilateral.db.cells import COLUMNS
from bilateral.db.connection import db_path
from bilateral.db.errors import Cancelled
from bilateral.db.query import Filter
from bilateral.db.summary import SUMMARY_COLUMNS, SummaryRow, summary_line

BATCH = 1000

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]


@contextlib.contextmanager
def _csv_stream(
    out: str | os.PathLike | IO[str], bom: bool, database: str | os.PathLike | None
) -> Iterator[IO[str]]:
    """An open text stream, or one on a path that it replaces only when complete, with
    the byte-order mark written first when asked.

    :param database: the database exported from: a path onto it (or its -wal, -shm),
        or onto any SQLite database, is refused before anything is written.
    """
    with contextlib.ExitStack() as stack:
        if isinstance(out, io.TextIOBase):
            stream = out
        else:
            files.check_export_target(out, database)
            stream = stack.enter_context(files.whole_file(out))
        if bom:
            stream.write("\ufeff")  # Excel reads UTF-8 only after this mark
        yield stream


@contextlib.contextmanager
def _csv_writer(
    out: str | os.PathLike | IO[str], bom: bool, database: str | os.PathLike | None
) -> Iterator:
    """A CSV writer on what ``_csv_stream`` opens (the parties CSV's)."""
    with _csv_stream(out, bom, database) as stream:
        yield csv.writer(stream, lineterminator="\r\n")


def _sql_escape(expr: str) -> str:
    """SQL for ``_escape``: backslash first, then the separators."""
    # Three searches cost less than three replace() calls, each of which copies the
    # text (0.7 s against 1.0 s for 240,000 sources), and few values hold a separator.
    clean = f"instr({expr}, '\\') + instr({expr}, ';') + instr({expr}, '|') = 0"
    escaped = f"replace(replace(replace({expr}, '\\', '\\\\'), ';', '\\;'), '|', '\\|')"
    return f"CASE WHEN {clean} THEN {expr} ELSE {escaped} END"


def _sql_items(table: str, columns: tuple[str, ...], neutralised: bool = False) -> str:
    """SQL for ``encode_items`` over a record's rows of ``table``, in position order;
    ``neutralised`` as ``neutralise`` does it, inside the subquery: SQLite computes the
    group_concat there once however often the CASE names it, where a CASE around the
    subquery would run the subquery again."""
    item = " || ' | ' || ".join(_sql_escape(c) for c in columns)
    if table == "other_parties":  # a role is written only when known: 'VEN | co-financier'
        item = f"party || CASE WHEN role <> '' THEN ' | ' || {_sql_escape('role')} ELSE '' END"
    cell = f"group_concat({item}, '; ')"
    if neutralised:
        cell = _sql_neutralise(cell)
    # The primary key (record_id, position) is the index this walks, so items come in order.
    return f"coalesce((SELECT {cell} FROM {table} WHERE record_id = records.id), '')"


def _sql_number(column: str) -> str:
    """A number's cell for the csv module to write as ``format_number`` does: '' for none,
    an integer for a whole number below 10^15 (no '.0'), else the REAL, whose str() is
    its shortest repr."""
    whole = f"{column} = CAST({column} AS INTEGER) AND abs({column}) < 1e15"
    return (
        f"CASE WHEN {column} IS NULL THEN '' WHEN {whole} THEN CAST({column} AS INTEGER) "
        f"ELSE {column} END"
    )


def _sql_neutralise(expr: str) -> str:
    """SQL for ``neutralise``: an apostrophe before a cell whose first non-apostrophe is a trigger."""
    return (
        f"CASE WHEN substr(ltrim({expr}, ''''), 1, 1) IN ('=', '+', '-', '@', char(9), char(13)) "
        f"THEN '''' || {expr} ELSE {expr} END"
    )


# Each list column: its table's fields in an item (other_parties: party and role).
_LIST_COLUMNS = {
    "sectors": ("sector",),
    "participants": ("name", "country", "role"),
    "sources": ("publisher", "title", "url", "published", "quote"),
    "links": ("relation", "target_uid"),
    "other_parties": (),
}
# Every cell of the records CSV, computed by SQLite: a Python loop over a million
# records and their lists is what made exports slow.
_EXPORT_CELLS = {
    "end_date": "coalesce(end_date, '')",
    "currency": "coalesce(currency, '')",
    "usd_basis": "coalesce(usd_basis, '')",
    "terms_disclosed": "CASE WHEN terms_disclosed THEN 'yes' ELSE 'no' END",
    "quad_class": "coalesce(CAST(quad_class AS TEXT), '')",
    **{c: _sql_items(c, fields) for c, fields in _LIST_COLUMNS.items()},
}
_NUMBERS = ("amount", "amount_usd", "goldstein")
# The CSV's cells as the csv module writes them unchanged: lists neutralised in their
# subqueries, numbers as format_number writes them (1 M records: the per-row Python
# that did both took more than half of the export).
_CSV_CELLS = {
    **_EXPORT_CELLS,
    **{c: _sql_items(c, fields, neutralised=True) for c, fields in _LIST_COLUMNS.items()},
    **{c: _sql_number(c) for c in _NUMBERS},
}


# Only free text can start like a formula: validation keeps codes, dates, numbers,
# statuses and timestamps to their own shapes.
_FREE_TEXT = ("uid", "kind", "title", "summary", "location", "claimed_by")


def _export_select(condition: str, neutralised: bool = True) -> str:
    """The SELECT of every records-CSV cell, ready for the csv module; ``neutralised=False``
    for a workbook, whose text cells are typed as text and so never need the apostrophe,
    and whose numbers stay numbers."""
    cells = []
    for column in COLUMNS:
        expr = (_CSV_CELLS if neutralised else _EXPORT_CELLS).get(column, column)
        cells.append(_sql_neutralise(expr) if neutralised and column in _FREE_TEXT else expr)
    # In id order, the order records were added: a walk of the table itself. Date order
    # read every row through the date index, a page jump each (1.4 s per 200,000).
    return f"SELECT {', '.join(cells)} FROM records WHERE {condition} ORDER BY id"


def export_records(
    db: Database,
    out: IO[str] | str | os.PathLike,
    where: Filter | None = None,
    *,
    bom: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> int:
    """Stream matching records to CSV in the order they were added; return how many.

    :param out: a path, or a text stream opened with ``newline=''``.
    """
    from bilateral.db.query import count

    condition, params = (where or Filter()).where()
    total = (count(db, where) or 1) if progress else 1
    with _csv_stream(out, bom, db_path(db)) as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        if not isinstance(out, io.TextIOBase):
            written = _in_parallel(db, out, stream, condition, params, total, progress, cancelled)
            if written is not None:
                return written
        written = 0
        cursor = db.conn.execute(_export_select(condition), params)
        while rows := cursor.fetchmany(BATCH):
            if cancelled and cancelled():
                raise Cancelled("Export cancelled.")
            writer.writerows(rows)
            written += len(rows)
            if progress:
                progress(written / total)
        return written


def _in_parallel(
    db: Database,
    out: str | os.PathLike,
    stream: IO[str],
    condition: str,
    params: list,
    total: int,
    progress: ProgressFn | None,
    cancelled: CancelFn | None,
) -> int | None:
    """The records written by ``csv_parallel`` when the export is large enough to gain
    from it; None when it is not, or the workers could not share one snapshot."""
    path = db_path(db)
    # Another connection sees only what is committed: not this one's open transaction.
    if not path or db.conn.in_transaction or csv_parallel.workers() < 2:
        return None
    low, high = db.conn.execute(
        f"SELECT min(id), max(id) FROM records WHERE {condition}", params
    ).fetchone()
    if low is None or high - low + 1 < csv_parallel.MIN_RECORDS:
        return None
    folder = os.path.dirname(os.path.abspath(out)) if not files.is_stream(Path(out)) else None
    try:
        return csv_parallel.write(
            path,
            lambda more: _export_select(f"({condition}) AND {more}"),
            params,
            (low, high),
            stream,
            folder,
            total,
            progress,
            cancelled,
        )
    except csv_parallel.WriteAlone:
        return None


def export_summary(
    rows: Iterable[SummaryRow],
    out: IO[str] | str | os.PathLike,
    *,
    bom: bool = False,
    database: str | os.PathLike | None = None,
) -> int:
    """Write summary rows as CSV with the SUMMARY_COLUMNS header; return the row count.

    :param database: the database the rows come from, never to be written over.
    """
    return export_summary_lines(map(summary_line, rows), out, bom=bom, database=database)


def export_summary_lines(
    lines: Iterable[str],
    out: IO[str] | str | os.PathLike,
    *,
    bom: bool = False,
    database: str | os.PathLike | None = None,
) -> int:
    """``export_summary`` of the rows' lines as ``summary.summary_lines`` gives them, which
    a summary of every pair reads straight from SQL."""
    with _csv_stream(out, bom, database) as stream:
        stream.write(",".join(SUMMARY_COLUMNS) + "\r\n")
        # Counted in C too: zip stops at the last line before it takes the next number.
        tally = itertools.count()
        stream.writelines(map(itemgetter(0), zip(lines, tally, strict=False)))
        return next(tally)

"""Reading a records CSV strictly: its header, its rows as cells, and where an undecodable byte sits."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import os
from collections.abc import Iterator
from typing import IO

from bilateral.db.cells import COLUMNS, restore
from bilateral.db.csv_encoding import (
    MAX_FIELD,
    MAX_LINE,
    LineTooLong,
    bounded_lines,
    column_key,
    decode_problem,
    detect_delimiter,
    first_bad_byte,
    row_and_column,
)
from bilateral.db.csv_rows import ImportReport
from bilateral.db.text import describe, is_invisible, shown

REQUIRED = ("actor", "partner", "kind", "date", "title")


class ByteCounter(io.RawIOBase):
    """Counts bytes read from a binary file so progress can follow a text stream."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.read_bytes = 0
        self.digest = hashlib.sha256()  # of every byte read: the import batch's file hash

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        self.digest.update(data)
        return len(data)


def _unknown_column(name: str, columns: tuple[str, ...] = COLUMNS) -> str:
    """Why a column is unknown; a name that differs from a real one only by invisible
    characters (a BOM pasted inside, a zero-width space) says which, since it looks right."""
    hidden = [c for c in name if c != " " and is_invisible(c)]
    if not hidden:
        if columns is not COLUMNS:
            return f"unknown column (the columns are {', '.join(columns)})"
        return "unknown column (see the README for the records format)"
    meant = "".join(c for c in name if not is_invisible(c))
    hint = f" (did you mean {meant!r}?)" if column_key(meant) in columns else ""
    return f"unknown column: its name contains the invisible character {describe(hidden[0])}{hint}"


def check_header(
    header: list[str],
    report: ImportReport,
    columns: tuple[str, ...] = COLUMNS,
    required: tuple[str, ...] = REQUIRED,
) -> list[str]:
    """The column each header name stands for; report names that are no column.

    Case and blanks around a name do not count; the empty names a spreadsheet writes
    after the last column are left out. ``columns`` and ``required`` are the records
    CSV's unless another file (a parties CSV) names its own.
    """
    written = [h.strip() for h in header]
    while written and not written[-1]:
        written.pop()
    names = [n.lower() for n in written]
    seen = set()
    for name, shown_name in zip(names, written, strict=True):
        if name in seen:
            report.problem(1, shown(shown_name), "this column appears twice")
        seen.add(name)
    unknown = [w for n, w in zip(names, written, strict=True) if n not in columns]
    for name in unknown[:10]:
        report.problem(1, shown(name[:40]), _unknown_column(name, columns))
    if len(unknown) > 10:
        report.problem(1, "", f"{len(unknown) - 10} more unknown columns")
    for name in required:
        if name not in seen:
            report.problem(1, name, "required column is missing")
    return names


def _report_undecodable(
    report: ImportReport,
    error: UnicodeDecodeError,
    path: str | os.PathLike | None,
    row: int,
    columns: tuple[str, ...] = COLUMNS,
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
    bad_row, column = row_and_column(path, line, columns)
    report.problem(bad_row or row, column, decode_problem(byte, offset, line))


def read_rows(
    stream: IO[str],
    report: ImportReport,
    path: str | os.PathLike | None = None,
    columns: tuple[str, ...] = COLUMNS,
    required: tuple[str, ...] = REQUIRED,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, cells) from a CSV text stream, strictly.

    Structural problems (bad quoting, NUL bytes, ragged rows, oversized fields
    or lines, undecodable bytes) are reported; reading stops at the first one
    that leaves the rest of the file unreadable.

    :param path: the file ``stream`` reads, to find an undecodable byte exactly.
    :param columns: the file's column names (the records CSV's unless given).
    """
    csv.field_size_limit(MAX_FIELD)
    lines = bounded_lines(stream)
    number = 1
    try:
        first = next(lines, None)
        if first is None:
            report.problem(0, "", "the file is empty")
            return
        delimiter = detect_delimiter(first, columns)
        reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
        header = next(reader)
        names = check_header(header, report, columns, required)
        if report.problem_count:
            return
        width = len(names)
        for number, cells in enumerate(reader, 2):
            if len(cells) != width:
                if _cells_beyond(cells, width, len(header), number, report):
                    continue
                cells = cells[:width]
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
        _report_undecodable(report, error, path, number + 1, columns)


def _cells_beyond(
    cells: list[str], width: int, written: int, row: int, report: ImportReport
) -> bool:
    """Whether to skip a row that has other than ``width`` cells; reported unless blank.

    Empty cells in the header's own empty columns after the last named one are ignored:
    spreadsheets write ``a,b,c,,,``. Beyond the header, even an empty cell is refused:
    it may be the end of a row shifted by an unquoted comma.
    """
    if not cells:
        return True
    if width < len(cells) <= written:
        extra = next((c for c in cells[width:] if c.strip()), None)
        if extra is None:
            return False
        report.problem(row, "", f"{extra[:40]!r} is in a column with no name in the header")
        return True
    report.problem(row, "", f"has {len(cells)} cells, the header has {width}")
    return True

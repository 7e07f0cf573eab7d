"""A CSV file's bytes: its encoding and delimiter, its first undecodable byte, bounded lines."""

from __future__ import annotations

import csv
import itertools
import os
import re
from collections.abc import Collection, Iterator
from typing import IO

from bilateral.db.text import shown

_OTHER_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
CHUNK = 1 << 20
MAX_FIELD = 1_000_000  # characters in one cell: far beyond any quote, far below a runaway quote


def sniff_encoding(head: bytes) -> str | None:
    """Name the encoding of a file that is clearly not UTF-8 from its first bytes, or None."""
    for bom, name in _OTHER_ENCODINGS:
        if head.startswith(bom):
            return name
    if b"\x00" in head[:4096] and head.count(b"\x00") > len(head[:4096]) // 4:
        return "UTF-16 or UTF-32 (no byte-order mark)"
    return None


def first_bad_byte(path: str | os.PathLike) -> tuple[int, int, int] | None:
    """(offset, value, line) of the first byte of a file that is not UTF-8, or None.

    The offset counts from 0; lines from 1. Read in chunks, so any size of file will do.
    """
    offset, line, carry = 0, 1, b""
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(CHUNK)
            data = carry + chunk
            try:
                data.decode("utf-8")
                good = len(data)
            except UnicodeDecodeError as error:
                # A character cut by the chunk's end is completed by the next chunk.
                if chunk and error.end == len(data) and "unexpected end" in error.reason:
                    good = error.start
                else:
                    bad = error.start
                    return offset + bad, data[bad], line + data.count(b"\n", 0, bad)
            line += data.count(b"\n", 0, good)
            offset += good
            carry = data[good:]
            if not chunk:
                return None


def decode_problem(byte: int, offset: int | None = None, line: int | None = None) -> str:
    """The message for a byte that is not UTF-8, saying where it is when known."""
    guess = "Windows-1252 or Latin-1" if 0x80 <= byte <= 0xFF else "an unknown encoding"
    where = f" at byte offset {offset:,} (line {line})" if offset is not None else ""
    return (
        f"the file is not UTF-8: byte 0x{byte:02x}{where} cannot be decoded; "
        f"it looks like {guess}; save it as UTF-8 and import again"
    )


class LineTooLong(Exception):
    """A physical line longer than MAX_LINE: refused rather than read into memory."""


MAX_LINE = 4 * MAX_FIELD


def bounded_lines(stream: IO[str]) -> Iterator[str]:
    """Yield the lines of ``stream``, refusing any longer than MAX_LINE characters.

    csv.reader asks for whole lines, so one newline-free gigabyte would otherwise
    be read into memory before the field limit could say no.
    """
    while line := stream.readline(MAX_LINE):
        if len(line) == MAX_LINE and not line.endswith(("\n", "\r")):
            raise LineTooLong
        yield line


_UNDECODED = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, read as surrogateescape


DELIMITERS = (",", ";", "\t")


def column_key(name: str) -> str:
    """A header name as matched against the columns: blanks around it and case do not count."""
    return name.strip().lower()


def detect_delimiter(first_line: str, columns: Collection[str]) -> str:
    """The delimiter, of ',', ';' and tab, that splits the header line into most known columns.

    Spreadsheets in many locales write ';' or tab; csv.Sniffer guesses from the data
    and is easily fooled, while the header's names leave no doubt. ',' wins ties.
    """
    best, best_known = ",", 0
    for delimiter in DELIMITERS:
        try:
            names = next(csv.reader([first_line], delimiter=delimiter, strict=True), [])
        except csv.Error:
            continue
        known = sum(column_key(n) in columns for n in names)
        if known > best_known:
            best, best_known = delimiter, known
    return best


def row_and_column(
    path: str | os.PathLike, line: int, columns: Collection[str] = ()
) -> tuple[int, str]:
    """The CSV row and column holding the first undecodable byte, known to be on ``line``.

    :param columns: the known column names, to tell the file's delimiter from its header.
    """
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as stream:
        lines = bounded_lines(stream)
        try:
            first = next(lines, "")
            delimiter = detect_delimiter(first, columns)
            reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
            header = next(reader, [])
            if _UNDECODED.search("\n".join(header)):
                return 1, ""
            for row, cells in enumerate(reader, 2):
                if _UNDECODED.search("\n".join(cells)):
                    hit = next(i for i, c in enumerate(cells) if _UNDECODED.search(c))
                    return row, shown(header[hit].strip()[:40]) if hit < len(header) else ""
                if reader.line_num > line:
                    break
        except (csv.Error, LineTooLong):
            pass  # the structure breaks before the byte: the offset and line must do
    return 0, ""

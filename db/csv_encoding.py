"""A CSV file's encoding: naming one that is not UTF-8, and finding its first undecodable byte."""

from __future__ import annotations

import os

_OTHER_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
CHUNK = 1 << 20


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

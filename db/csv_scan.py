"""The bytes of a CSV checked before Arrow reads it: its hash, control characters and quoting."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

WINDOW = 4 << 20  # bytes the quoting scan looks at in one go


def scan(path: Path, delimiter: str) -> tuple[str, bool]:
    """The file's SHA-256, and whether its bytes are what the row-by-row reader takes as is.

    Two things Arrow's reader lets through are refused there. Control characters
    (validation): none may be in the file, whose bytes are counted here. Text after a
    closing quote: Arrow reads ``"x"y`` as ``xy``. Quotes toggle between inside and
    outside a quoted cell, so the quote with an even index in the file opens a cell and
    must follow a delimiter, a line end or a quote (the second of an escaped pair); an
    odd one closes it and must come before one of those. A quote inside an unquoted
    cell (``x"y``, which both readers take as it is) fails the test too: it only sends
    the file to the row-by-row import.
    """

    digest = hashlib.sha256()
    separators = np.array([ord(delimiter), 10, 13, 34], np.uint8)
    seen = 0  # quotes before the chunk
    clean = True
    previous = 10  # the byte before the chunk: the file starts as after a line end
    with path.open("rb") as stream:
        chunk = stream.read(WINDOW)
        while chunk:
            digest.update(chunk)
            following = stream.read(WINDOW)
            if clean:
                data = np.frombuffer(chunk, np.uint8)
                clean = _clean_chunk(data, previous, following[:1], seen, separators)
                seen += int(np.count_nonzero(data == 34))
                previous = int(data[-1])
            chunk = following
    return digest.hexdigest(), clean and seen % 2 == 0


def _clean_chunk(data, previous: int, following: bytes, seen: int, separators) -> bool:
    """Whether a chunk of the file holds no control character and no misplaced quote.

    Controls are the C0 ones but tab, LF and CR, DEL, and the C1 ones (C2 80-9F in UTF-8).
    """
    low = data[data < 32]  # mostly line ends: a tenth of a pass over the chunk
    if np.count_nonzero(low == 9) + np.count_nonzero(low == 10) + np.count_nonzero(
        low == 13
    ) != len(low) or np.count_nonzero(data == 127):
        return False
    leads = np.flatnonzero(data[:-1] == 0xC2)
    if len(leads) and ((data[leads + 1] >= 0x80) & (data[leads + 1] <= 0x9F)).any():
        return False
    if data[-1] == 0xC2 and following and 0x80 <= following[0] <= 0x9F:
        return False
    quotes = np.flatnonzero(data == 34)
    if not len(quotes):
        return True
    padded = np.concatenate(([previous], data, [following[0] if following else 10]))
    opening = (np.arange(len(quotes)) + seen) % 2 == 0
    before_ok = np.isin(padded[quotes], separators)
    after_ok = np.isin(padded[quotes + 2], separators)
    return bool(np.all(np.where(opening, before_ok, after_ok)))

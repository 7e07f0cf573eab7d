"""The CAMEO event codebook shipped with the package: each code's label, and checking a code."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

# re.ASCII: \d would also match other scripts' digits, such as '٠٥٧'.
_DIGITS = re.compile(r"^\d{1,4}$", re.ASCII)
SHAPE = "must be a CAMEO code of 2 to 4 digits, such as 057"


@cache
def codebook() -> dict[str, str]:
    """Map every CAMEO event code (01 … 2042, as text) to its label, in codebook order."""
    text = resources.files("bilateral.db").joinpath("cameo.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return {row["code"]: row["label"] for row in csv.DictReader(lines)}


def label(code: str) -> str | None:
    """The label of a CAMEO code, such as 'Make a visit' for 042; None if it is not one."""
    return codebook().get(code)


def problem(code: str) -> str | None:
    """Why ``code`` is not a CAMEO code, or None when it is one.

    A code that lost its leading zero (070 read by a spreadsheet as the number 70)
    gets the zero-padded code suggested.
    """
    book = codebook()
    if code in book:
        return None
    if not _DIGITS.match(code):
        return SHAPE
    padded = "0" + code
    if len(code) < 4 and padded in book:
        return f"{code!r} is not a CAMEO code; did you mean {padded} ({book[padded]})?"
    if len(code) < 2:
        return SHAPE
    return f"{code!r} is not a CAMEO code"

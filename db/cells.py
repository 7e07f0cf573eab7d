"""The records CSV format: its columns and the encodings inside its cells."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import fields

from bilateral.db import records as rec
from bilateral.db.model import RECORD_COLUMNS

# The record's own columns, with its lists after terms_disclosed.
_LISTS_AFTER = RECORD_COLUMNS.index("terms_disclosed") + 1
COLUMNS = (
    *RECORD_COLUMNS[:_LISTS_AFTER],
    "sectors",
    "participants",
    "sources",
    "links",
    "other_parties",
    *RECORD_COLUMNS[_LISTS_AFTER:],
)

_ITEM, _FIELD, _ESCAPE = ";", "|", "\\"
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"^'*[=+\-@\t\r]")
# How a cell neutralise() may change starts: a trigger, or an apostrophe before one.
RISKY_START = (*_TRIGGERS, "'")


def neutralise(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe.

    Cells that already start with apostrophes before a trigger get one more, so
    that ``restore`` can undo exactly what this did.
    """
    return "'" + cell if _NEUTRALISED.match(cell) else cell


def restore(cell: str) -> str:
    """Undo ``neutralise``."""
    return cell[1:] if cell.startswith("'") and _NEUTRALISED.match(cell) else cell


def _escape(text: str) -> str:
    return (
        text.replace(_ESCAPE, _ESCAPE * 2)
        .replace(_ITEM, _ESCAPE + _ITEM)
        .replace(_FIELD, _ESCAPE + _FIELD)
    )


def encode_items(items: Iterable[Sequence[str]]) -> str:
    """Encode a list of tuples of text as 'a | b; c | d' with '\\' escaping ';', '|' and '\\'."""
    return "; ".join(" | ".join(_escape(v) for v in item) for item in items)


def decode_items(cell: str) -> list[list[str]]:
    """Decode ``encode_items``; blanks around each value are dropped."""
    if not cell:
        return []
    if _ESCAPE not in cell:
        # Nothing escaped: plain splitting gives the same result, much faster.
        split = [[v.strip() for v in item.split(_FIELD)] for item in cell.split(_ITEM)]
        return [item for item in split if any(item)]
    items: list[list[str]] = []
    values: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for char in chars:
        if char == _ESCAPE:
            current.append(next(chars, _ESCAPE))
        elif char == _FIELD:
            values.append("".join(current).strip())
            current = []
        elif char == _ITEM:
            values.append("".join(current).strip())
            items.append(values)
            values, current = [], []
        else:
            current.append(char)
    values.append("".join(current).strip())
    items.append(values)
    return [item for item in items if any(item)]


def format_number(value: float | None) -> str:
    """Shortest text that reads back as the same float; whole numbers without '.0'."""
    if value is None:
        return ""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def record_to_row(record: rec.Record) -> list[str]:
    """The CSV cells of a record, in COLUMNS order, before neutralisation."""
    values = {f.name: getattr(record, f.name) for f in fields(rec.Record) if f.name in COLUMNS}
    values["amount"] = format_number(record.amount)
    values["amount_usd"] = format_number(record.amount_usd)
    values["quad_class"] = "" if record.quad_class is None else str(record.quad_class)
    values["goldstein"] = format_number(record.goldstein)
    values["terms_disclosed"] = "yes" if record.terms_disclosed else "no"
    values["sectors"] = encode_items([s] for s in record.sectors)
    values["participants"] = encode_items((p.name, p.country, p.role) for p in record.participants)
    values["sources"] = encode_items(
        (s.publisher, s.title, s.url, s.published, s.quote) for s in record.sources
    )
    values["links"] = encode_items((link.relation, link.uid) for link in record.links)
    values["other_parties"] = encode_items(
        (o.party, o.role) if o.role else (o.party,) for o in record.other_parties
    )
    return [values[c] for c in COLUMNS]

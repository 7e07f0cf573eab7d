"""How an imported row meets the records already stored: merged by uid, or found to be a duplicate."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from sqlite_utils import Database

from bilateral.db.csv_rows import Change, Duplicate, ImportReport
from bilateral.db.history import Origin
from bilateral.db.model import Record
from bilateral.db.records import update_record

# What a row and its stored record are compared on: what the user wrote, not
# where or when it was stored.
COMPARED = tuple(f.name for f in fields(Record) if f.name not in ("id", "created_at", "updated_at"))
LONGEST_SHOWN = 60


def changed_fields(row: Record, stored: Record) -> list[tuple[str, str, str]]:
    """The fields in which ``row`` differs from ``stored``, as (field, stored value, row's value)."""
    return [
        (name, shown_value(getattr(stored, name)), shown_value(getattr(row, name)))
        for name in COMPARED
        if getattr(row, name) != getattr(stored, name)
    ]


def shown_value(value: object) -> str:
    """A field's value for a report: lists item by item, long text shortened with an ellipsis."""
    if isinstance(value, list):
        text = "; ".join(
            " | ".join(str(v) for v in vars(item).values()) if hasattr(item, "__dict__") else item
            for item in value
        )
    elif value is None:
        text = ""
    elif isinstance(value, float):
        text = f"{value:g}" if abs(value) < 1e15 else repr(value)
    else:
        text = str(value)
    return text if len(text) <= LONGEST_SHOWN else text[: LONGEST_SHOWN - 1] + "…"


def fold(title: str) -> str:
    """A title as the duplicate rule compares it: case, accents and runs of spaces ignored."""
    if not title.isascii():
        title = "".join(
            c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c)
        )
    return " ".join(title.casefold().split())


def pair_of(record: Record) -> str:
    """The record's pair as the schema's generated column spells it."""
    return "-".join(sorted((record.actor, record.partner)))


def duplicate_key(record: Record) -> tuple[str, str, str, str]:
    """What two records must share to be duplicates (the amount aside)."""
    return (pair_of(record), record.date, record.kind, fold(record.title))


def same_amount(row: Record, amount: float | None) -> bool:
    """A row that gives no amount matches any; one that gives it must match it."""
    return row.amount is None or row.amount == amount


def stored_matches(
    db: Database, rows: Sequence[Record]
) -> dict[tuple[str, str, str, str], list[tuple[int, str, str, float | None]]]:
    """Stored records sharing pair, date and kind with any of ``rows``, by duplicate key.

    One query per batch; the join walks records_pair_date (pair, date, kind, …),
    so a million-record database costs a few index probes per row.
    """
    keys = sorted({(pair_of(r), r.date, r.kind) for r in rows})
    found: dict[tuple[str, str, str, str], list[tuple[int, str, str, float | None]]] = {}
    for start in range(0, len(keys), 300):
        part = keys[start : start + 300]
        values = ", ".join("(?, ?, ?)" for _ in part)
        cursor = db.conn.execute(
            f"WITH wanted (pair, date, kind) AS (VALUES {values}) "
            "SELECT r.id, r.uid, r.title, r.amount, r.pair, r.date, r.kind "
            "FROM wanted CROSS JOIN records AS r "
            "ON r.pair = wanted.pair AND r.date = wanted.date AND r.kind = wanted.kind",
            [v for key in part for v in key],
        )
        for record_id, uid, title, amount, pair, date, kind in cursor:
            found.setdefault((pair, date, kind, fold(title)), []).append(
                (record_id, uid, title, amount)
            )
    return found


@dataclass(frozen=True)
class MergeRules:
    """What an import does with rows that match stored records (see ``import_records``)."""

    on_duplicate: str = "merge"
    on_conflict: str = "keep"
    take_file: frozenset[str] = frozenset()
    allow_duplicates: bool = False

    def takes_file(self, uid: str) -> bool:
        """Whether a conflict on ``uid`` takes the file's version."""
        return self.on_conflict == "file" or uid in self.take_file


def merge_row(
    db: Database,
    report: ImportReport,
    rules: MergeRules,
    row: tuple[int, Record, str],
    stored: Record,
    origin: Origin | None,
) -> None:
    """Merge one row (number, prepared record, the updated_at it came with) into ``stored``.

    Identical: left alone. Different, and ``stored`` not changed since the row's
    version: an edit made outside, applied and stamped now. Different and changed
    since (or the row gives no version): a conflict, reported, the stored version
    kept unless ``rules`` say to take the file's.
    """
    number, record, version = row
    changes = changed_fields(record, stored)
    if not changes:
        report.unchanged += 1
        return
    conflict = not version or stored.updated_at > version
    kind = "conflict" if conflict else "update"
    for name, old, new in changes:
        report.change(Change(number, record.uid, name, old, new, kind))
    if conflict:
        report.conflicts += 1
        if not rules.takes_file(record.uid):
            return
        report.conflicts_taken += 1
    else:
        report.updated += 1
    update_record(db, stored.id, record, check_links=False, origin=origin)


def match_duplicates(
    db: Database,
    rows: list[tuple[int, Record]],
    row_of: Callable[[int], int],
    allowed: bool,
) -> dict[int, Duplicate]:
    """The rows without uid that match a stored record or an earlier row, by row number.

    Earlier batches are in the database already (same transaction); this batch's
    rows are matched among themselves here.

    :param row_of: the row of the file that brought a stored record (0 if none did).
    :param allowed: duplicates will be added, so later rows may match them too.
    """
    found = stored_matches(db, [r for _, r in rows])
    in_batch: dict[tuple, list[tuple[int, str, str, float | None]]] = {}
    matched: dict[int, Duplicate] = {}
    for number, record in rows:
        key = duplicate_key(record)
        for record_id, uid, title, amount in found.get(key, ()):
            if same_amount(record, amount):
                matched[number] = Duplicate(number, uid, title, row_of(record_id))
                break
        else:
            for earlier, uid, title, amount in in_batch.get(key, ()):
                if same_amount(record, amount):
                    matched[number] = Duplicate(number, uid, title, earlier)
                    break
        if number not in matched or allowed:
            in_batch.setdefault(key, []).append((number, record.uid, record.title, record.amount))
    return matched

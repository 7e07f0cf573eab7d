"""Revisions: each change to a record written in its transaction, old → new, and read back as versions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields

from sqlite_utils import Database

from bilateral.db.errors import BilateralError
from bilateral.db.history_tables import HISTORY_SINCE
from bilateral.db.model import Link, OtherParty, Participant, Record, Source
from bilateral.db.validation import now

# What a user wrote, compared field by field; the two times are kept so that a
# version read back is the record as it was, but are not shown as changes.
CONTENT = tuple(
    f.name for f in fields(Record) if f.name not in ("id", "uid", "created_at", "updated_at")
)
STATE = (*CONTENT, "created_at", "updated_at")
_ITEMS = {
    "participants": Participant,
    "sources": Source,
    "links": Link,
    "other_parties": OtherParty,
}
LISTS = ("sectors", *_ITEMS)
INCOMING = "_incoming"  # in a delete: the links other records held to it, removed with it
_CHUNK = 500


class HistoryProblem(BilateralError):
    """A version cannot be read back truthfully (history began later, or was not kept)."""


@dataclass(frozen=True)
class Origin:
    """Where a change came from: the window, an import batch, the seed, a revert…"""

    name: str = "window"
    batch_id: int | None = None
    detail: str = ""


WINDOW = Origin()


@dataclass
class Revision:
    """One change of one record: its number for that uid, when, what and from where."""

    id: int
    uid: str
    number: int
    at: str
    operation: str
    origin: str
    batch_id: int | None
    detail: str
    changes: dict[str, list]

    def before(self, name: str) -> object:
        """The field's value before this revision (a deleted record's, say); None if unknown."""
        return decode(name, self.changes.get(name, [None, None])[0])

    def changed(self) -> list[tuple[str, object, object]]:
        """(field, old, new) for each field a user wrote that changed, in the record's order."""
        return [
            (name, decode(name, self.changes[name][0]), decode(name, self.changes[name][1]))
            for name in CONTENT
            if name in self.changes
        ]


def encode(name: str, value: object) -> object:
    """A field's value as JSON can hold it: list items as lists of their fields."""
    if name in _ITEMS:
        return [list(astuple(item)) for item in value]  # type: ignore[attr-defined]
    if name == "sectors":
        return list(value)  # type: ignore[call-overload]
    return value


def decode(name: str, value: object) -> object:
    """The inverse of ``encode``."""
    if value is None:
        return None
    if name in _ITEMS:
        return [_ITEMS[name](*item) for item in value]  # type: ignore[union-attr]
    if name == "terms_disclosed":
        return bool(value)
    return value


def state_of(record: Record) -> dict[str, object]:
    """Every field a version has, encoded."""
    return {name: encode(name, getattr(record, name)) for name in STATE}


def diff(old: Record, new: Record) -> dict[str, list]:
    """The fields that differ, each as [old, new]; lists compare item by item."""
    before, after = state_of(old), state_of(new)
    return {name: [before[name], after[name]] for name in STATE if before[name] != after[name]}


def _insert(db: Database, rows: Iterable[tuple]) -> None:
    db.conn.executemany(
        "INSERT INTO revisions (uid, number, at, operation, origin, batch_id, detail, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _next_number(db: Database, uid: str) -> int:
    row = db.conn.execute("SELECT max(number) FROM revisions WHERE uid = ?", (uid,)).fetchone()
    return (row[0] or 0) + 1


def created(db: Database, records: Sequence[Record], origin: Origin = WINDOW) -> None:
    """Write a 'create' revision for each record just inserted; they store no values."""
    at = now()
    for start in range(0, len(records), _CHUNK):
        chunk = records[start : start + _CHUNK]
        # Only a uid deleted before has revisions already: found through a small index.
        uids = [r.uid for r in chunk]
        marks = ", ".join("?" * len(uids))
        last = dict(
            db.conn.execute(
                "SELECT uid, max(number) FROM revisions "
                f"WHERE operation = 'delete' AND uid IN ({marks}) GROUP BY uid",
                uids,
            )
        )
        _insert(
            db,
            (
                (r.uid, last.get(r.uid, 0) + 1, at, "create", origin.name, origin.batch_id)
                + (origin.detail, None)
                for r in chunk
            ),
        )


def created_from(db: Database, first_id: int, origin: Origin) -> None:
    """Write a 'create' revision for each record from ``first_id`` on, in one statement."""
    # Only a uid deleted before has revisions already: its number follows theirs.
    deleted_before = db.conn.execute(
        "SELECT 1 FROM revisions WHERE operation = 'delete' LIMIT 1"
    ).fetchone()
    number = (
        "coalesce((SELECT max(d.number) FROM revisions d "
        "WHERE d.operation = 'delete' AND d.uid = r.uid), 0) + 1"
        if deleted_before
        else "1"
    )
    db.conn.execute(
        "INSERT INTO revisions (uid, number, at, operation, origin, batch_id, detail, changes) "
        f"SELECT r.uid, {number}, ?, 'create', ?, ?, ?, NULL FROM records r "
        "WHERE r.id >= ? ORDER BY r.id",
        (now(), origin.name, origin.batch_id, origin.detail, first_id),
    )


def edited(db: Database, old: Record, new: Record, origin: Origin = WINDOW) -> bool:
    """Write an 'edit' revision of what changed from ``old`` to ``new``; False if nothing did."""
    changes = diff(old, new)
    if not changes:
        return False
    row = (new.uid, _next_number(db, new.uid), now(), "edit", origin.name, origin.batch_id)
    _insert(db, [(*row, origin.detail, json.dumps(changes, ensure_ascii=False))])
    return True


def deleted(
    db: Database, record: Record, incoming: Sequence[tuple], origin: Origin = WINDOW
) -> None:
    """Write a 'delete' revision holding the whole record and the links others held to it."""
    changes: dict[str, list] = {name: [value, None] for name, value in state_of(record).items()}
    changes[INCOMING] = [[list(link) for link in incoming], None]
    row = (record.uid, _next_number(db, record.uid), now(), "delete", origin.name)
    _insert(db, [(*row, origin.batch_id, origin.detail, json.dumps(changes, ensure_ascii=False))])


# ---------------------------------------------------------------- reading

REVISION_COLUMNS = "id, uid, number, at, operation, origin, batch_id, detail, changes"


def from_row(row: tuple) -> Revision:
    """A Revision from a row of its columns, in the order of REVISION_COLUMNS."""
    *head, changes = row
    return Revision(*head, json.loads(changes) if changes else {})


def revisions(db: Database, uid: str) -> list[Revision]:
    """Every revision of the record ``uid``, newest first."""
    sql = f"SELECT {REVISION_COLUMNS} FROM revisions WHERE uid = ? ORDER BY number DESC"
    return [from_row(row) for row in db.conn.execute(sql, (uid,))]


def since(db: Database, moment: str, limit: int | None = None) -> list[Revision]:
    """Revisions of every record written at ``moment`` or later, newest first."""
    sql = f"SELECT {REVISION_COLUMNS} FROM revisions WHERE at >= ? ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [from_row(row) for row in db.conn.execute(sql, (moment,))]


def deleted_records(db: Database) -> list[Revision]:
    """The delete revision of each record deleted and not brought back, newest first."""
    sql = (
        f"SELECT {REVISION_COLUMNS} FROM revisions d WHERE operation = 'delete' "
        "AND number = (SELECT max(number) FROM revisions WHERE uid = d.uid) "
        "AND NOT EXISTS (SELECT 1 FROM records WHERE uid = d.uid) ORDER BY id DESC"
    )
    return [from_row(row) for row in db.conn.execute(sql)]


def rewind(state: dict[str, object] | None, later: Iterable[Revision]) -> dict[str, object] | None:
    """The state before ``later`` (newest first) from the state after them; None: absent."""
    for revision in later:
        if revision.operation == "delete":
            state = {name: old for name, (old, _) in revision.changes.items() if name in STATE}
        elif revision.operation == "create":
            state = None
        elif revision.operation == "existing":
            raise HistoryProblem(
                f"{revision.uid} was stored before history began ({revision.at}); "
                "its earlier versions are not known"
            )
        elif state is None:
            raise HistoryProblem(f"revision {revision.number} of {revision.uid} edits no record")
        else:
            state = {**state, **{name: old for name, (old, _) in revision.changes.items()}}
    return state


def to_record(uid: str, state: dict[str, object]) -> Record:
    """The Record of a version's state."""
    values = {name: decode(name, state.get(name)) for name in STATE}
    values["terms_disclosed"] = bool(values["terms_disclosed"])
    for name in LISTS:
        values[name] = values[name] or []
    return Record(uid=uid, **values)  # type: ignore[arg-type]


def history_since(db: Database) -> str:
    """When history began for records stored before it ('' when it began with the file)."""
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (HISTORY_SINCE,)).fetchone()
    return row[0] if row else ""

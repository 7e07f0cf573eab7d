"""Reading and writing records with their lists, each change with its revision (kinds: db/kinds)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace

from sqlite_utils import Database

from bilateral.db import history, involving, links, parties
from bilateral.db.connection import writing
from bilateral.db.errors import InvalidRecord, Problem, RecordChanged, RecordNotFound

# Kinds moved to db/kinds; callers still find them here.
from bilateral.db.kinds import add_kind as add_kind
from bilateral.db.kinds import kind_defaults
from bilateral.db.kinds import list_kinds as list_kinds
from bilateral.db.model import (
    RECORD_COLUMNS,
    Link,
    OtherParty,
    Participant,
    Record,
    Source,
)
from bilateral.db.model import (
    Kind as Kind,
)
from bilateral.db.schema import LISTS_FLAG
from bilateral.db.validation import now, prepare

# What the user wrote; id and updated_at only say where and when it was stored.
_CONTENT = tuple(f.name for f in fields(Record) if f.name not in ("id", "updated_at"))


def differences(read: Record, stored: Record) -> list[str]:
    """The content fields in which ``stored`` differs from ``read`` (id and updated_at aside)."""
    return [f for f in _CONTENT if getattr(read, f) != getattr(stored, f)]


def _check_unchanged(db: Database, record_id: int, expected: Record) -> Record:
    """The stored record, if it still is ``expected``; else raise RecordChanged."""
    stored = get_records(db, [record_id])
    if not stored:
        raise RecordChanged(expected.title, None, [])
    changed = differences(expected, stored[0])
    if changed:
        raise RecordChanged(expected.title, stored[0], changed)
    return stored[0]


def _row(record: Record) -> tuple:
    """The values of RECORD_COLUMNS, in that order; empty optional codes become NULL."""
    r = record
    return (
        r.uid,
        r.actor,
        r.partner,
        r.direction,
        r.kind,
        r.date,
        r.end_date or None,
        r.title,
        r.summary,
        r.location,
        r.amount,
        r.currency or None,
        r.amount_usd,
        r.usd_basis or None,
        r.status,
        r.claim_status,
        r.claimed_by,
        int(r.terms_disclosed),
        r.cameo_code,
        r.quad_class,
        r.goldstein,
        r.created_at,
        r.updated_at,
    )


_INSERT = (
    f"INSERT INTO records (id, {', '.join(RECORD_COLUMNS)}) "
    f"VALUES (?, {', '.join('?' * len(RECORD_COLUMNS))})"
)


def insert_prepared(db: Database, records: Sequence[Record]) -> None:
    """Insert prepared records that carry their ``id``, with their lists, in bulk.

    The caller owns the transaction, so a batch is all-or-nothing with the rest.
    """
    # Lists first: the record's insert trigger then indexes all its text in one go.
    _insert_lists(db, records)
    db.conn.executemany(_INSERT, [(r.id, *_row(r)) for r in records])


def _insert_lists(db: Database, records: Sequence[Record]) -> None:
    conn = db.conn
    conn.executemany(
        "INSERT INTO sectors (record_id, position, sector) VALUES (?, ?, ?)",
        [(r.id, i, s) for r in records for i, s in enumerate(r.sectors)],
    )
    conn.executemany(
        "INSERT INTO participants (record_id, position, name, country, role) VALUES (?,?,?,?,?)",
        [
            (r.id, i, p.name, p.country, p.role)
            for r in records
            for i, p in enumerate(r.participants)
        ],
    )
    conn.executemany(
        "INSERT INTO sources (record_id, position, publisher, title, url, published, quote) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (r.id, i, s.publisher, s.title, s.url, s.published, s.quote)
            for r in records
            for i, s in enumerate(r.sources)
        ],
    )
    conn.executemany(
        "INSERT INTO links (record_id, position, relation, target_uid) VALUES (?, ?, ?, ?)",
        [(r.id, i, link.relation, link.uid) for r in records for i, link in enumerate(r.links)],
    )
    others = [(r.id, i, o.party, o.role) for r in records for i, o in enumerate(r.other_parties)]
    if others:
        conn.executemany(
            "INSERT INTO other_parties (record_id, position, party, role) VALUES (?, ?, ?, ?)",
            others,
        )
        # Pair views must look for these from now on.
        parties.add_other_pairs(db, {p for r in records for p in involving.record_pairs(r)})


def _delete_lists(db: Database, ids: Sequence[int]) -> None:
    marks = ", ".join("?" * len(ids))
    for table in ("sectors", "participants", "sources", "links", "other_parties"):
        db.conn.execute(f"DELETE FROM {table} WHERE record_id IN ({marks})", tuple(ids))


def _replace_lists(db: Database, record: Record) -> None:
    """Replace a stored record's lists with one statement per list and table.

    The per-row search triggers would rebuild the record's whole text for each of
    its rows (quadratic: 178 s for 5,000 participants), so they are held off by a
    flag that only this transaction sees; the caller's UPDATE of the record row
    then indexes it once. The flag is lowered only if it was raised here.
    """
    raised = db.conn.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, '1')", (LISTS_FLAG,)
    ).rowcount
    _delete_lists(db, [record.id])
    _insert_lists(db, [record])
    if raised:
        db.conn.execute("DELETE FROM settings WHERE key = ?", (LISTS_FLAG,))


def next_id(db: Database) -> int:
    """The id the next inserted record gets."""
    return (db.execute("SELECT max(id) FROM records").fetchone()[0] or 0) + 1


def record_id_for_uid(db: Database, uid: str) -> int | None:
    """The id of the record with ``uid``, or None."""
    row = db.execute("SELECT id FROM records WHERE uid = ?", (uid,)).fetchone()
    return row[0] if row else None


def record_by_uid(db: Database, uid: str) -> Record:
    """Read the record with ``uid``.

    :raises RecordNotFound: when no record has that uid.
    """
    record_id = record_id_for_uid(db, uid.strip())
    if record_id is None:
        raise RecordNotFound(f"There is no record with uid {uid.strip()!r}.")
    return get_record(db, record_id)


def _exists(db: Database, record_id: int) -> bool:
    return db.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone() is not None


def add_record(db: Database, record: Record, *, origin: history.Origin = history.WINDOW) -> int:
    """Validate and insert a new record, with its 'create' revision; return its id.

    A record that carries a free ``id`` (an undone delete) gets that id back.

    :raises InvalidRecord: listing every problem; nothing is written.
    """
    with writing(db):
        prepared = prepare(record, kind_defaults(db), parties=parties.table(db))
        if record_id_for_uid(db, prepared.uid) is not None:
            raise InvalidRecord([Problem("uid", f"a record with uid {prepared.uid} exists")])
        prepared.id = record.id if record.id and not _exists(db, record.id) else next_id(db)
        insert_prepared(db, [prepared])
        _check_links(db, prepared)
        history.created(db, [prepared], origin)
    return prepared.id


def _check_links(db: Database, record: Record) -> None:
    """Refuse, inside the write's transaction, links to unknown uids and cycles."""
    if record.links:
        found = [problem for _, problem in links.write_problems(db, {record.id})]
        if found:
            raise InvalidRecord(found)


def update_record(
    db: Database,
    record_id: int,
    record: Record,
    *,
    expected: Record | None = None,
    check_links: bool = True,
    origin: history.Origin | None = history.WINDOW,
) -> bool:
    """Replace the record ``record_id`` with ``record``, keeping its uid and creation time.

    :param check_links: refuse links to unknown uids and cycles now (an import checks
        them once, at its end).
    :param expected: the record as it was read; when given, the save goes through
        only if the stored record still has that content, checked in the same
        transaction, so another writer's change is never overwritten unseen.
    :raises RecordChanged: the record changed or went since ``expected`` was read.
    :raises InvalidRecord: listing every problem; nothing is written.
    :raises WriteFailed: the disk is full or the file cannot be written.
    :returns: False when the record already had that content: nothing is written.
    """
    with writing(db):
        if expected is not None:
            old = _check_unchanged(db, record_id, expected)
        else:
            old = get_record(db, record_id)
        record = replace(record, uid=old.uid, created_at=old.created_at, updated_at=now())
        prepared = prepare(record, kind_defaults(db), parties=parties.table(db))
        prepared.id = record_id
        if not differences(prepared, old):
            return False  # a save that changes nothing is no revision
        store_prepared(db, prepared)
        if check_links:
            _check_links(db, prepared)
        if origin is not None:  # None: an import measured without history (the benchmark)
            history.edited(db, old, prepared, origin)
    return True


def store_prepared(db: Database, prepared: Record) -> None:
    """Overwrite the stored record ``prepared.id`` with its lists; no checks, no revision."""
    _replace_lists(db, prepared)
    assignments = ", ".join(f"{c} = ?" for c in RECORD_COLUMNS)
    db.conn.execute(
        f"UPDATE records SET {assignments} WHERE id = ?", (*_row(prepared), prepared.id)
    )


def delete_record(
    db: Database,
    record_id: int,
    *,
    expected: Record | None = None,
    origin: history.Origin = history.WINDOW,
) -> Record:
    """Delete a record with its lists and the links others hold to it; return it whole so
    that it can be restored. Its revisions keep it, and the links, to bring back.

    :param expected: as for ``update_record``: delete only if it is still that record.
    :raises RecordChanged: the record changed or went since ``expected`` was read.
    """
    with writing(db):
        if expected is not None:
            record = _check_unchanged(db, record_id, expected)
        else:
            record = get_record(db, record_id)
        incoming = links.incoming_links(db, record.uid)
        holders = {link.uid for link in incoming}
        before = get_records(db, _ids_of(db, holders))
        db.conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
        history.deleted(db, record, [(i.uid, i.position, i.relation) for i in incoming], origin)
        # Each record that linked to it lost a link: a change of its own.
        for old, new in zip(before, get_records(db, [r.id for r in before]), strict=True):
            history.edited(db, old, new, origin)
    return record


def _ids_of(db: Database, uids: set[str]) -> list[int]:
    if not uids:
        return []
    marks = ", ".join("?" * len(uids))
    sql = f"SELECT id FROM records WHERE uid IN ({marks}) ORDER BY id"
    return [row[0] for row in db.conn.execute(sql, tuple(uids))]


def get_record(db: Database, record_id: int) -> Record:
    """Read one record with its sectors, participants and sources.

    :raises RecordNotFound: when no record has that id.
    """
    records = get_records(db, [record_id])
    if not records:
        raise RecordNotFound(f"There is no record {record_id}.")
    return records[0]


def get_records(db: Database, ids: Sequence[int]) -> list[Record]:
    """Read whole records for ``ids`` (at most a page), in the order of ``ids``."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    by_id: dict[int, Record] = {}
    cursor = db.conn.execute(
        f"SELECT id, {', '.join(RECORD_COLUMNS)} FROM records WHERE id IN ({marks})", tuple(ids)
    )
    for row in cursor:
        values = dict(zip(("id", *RECORD_COLUMNS), row, strict=True))
        for column in ("end_date", "currency", "usd_basis"):
            values[column] = values[column] or ""
        values["terms_disclosed"] = bool(values["terms_disclosed"])
        by_id[row[0]] = Record(**values)
    _read_lists(db, by_id)
    return [by_id[i] for i in ids if i in by_id]


def _read_lists(db: Database, by_id: dict[int, Record]) -> None:
    ids = tuple(by_id)
    marks = ", ".join("?" * len(ids))
    for record_id, sector in db.conn.execute(
        f"SELECT record_id, sector FROM sectors WHERE record_id IN ({marks}) "
        "ORDER BY record_id, position",
        ids,
    ):
        by_id[record_id].sectors.append(sector)
    for record_id, *values in db.conn.execute(
        f"SELECT record_id, name, country, role FROM participants WHERE record_id IN ({marks}) "
        "ORDER BY record_id, position",
        ids,
    ):
        by_id[record_id].participants.append(Participant(*values))
    for record_id, *values in db.conn.execute(
        "SELECT record_id, publisher, title, url, published, quote FROM sources "
        f"WHERE record_id IN ({marks}) ORDER BY record_id, position",
        ids,
    ):
        by_id[record_id].sources.append(Source(*values))
    for record_id, *values in db.conn.execute(
        f"SELECT record_id, relation, target_uid FROM links WHERE record_id IN ({marks}) "
        "ORDER BY record_id, position",
        ids,
    ):
        by_id[record_id].links.append(Link(*values))
    for record_id, *values in db.conn.execute(
        f"SELECT record_id, party, role FROM other_parties WHERE record_id IN ({marks}) "
        "ORDER BY record_id, position",
        ids,
    ):
        by_id[record_id].other_parties.append(OtherParty(*values))


def count_records(db: Database) -> int:
    """How many records the database holds."""
    return db.execute("SELECT count(*) FROM records").fetchone()[0]


def restore_links(
    db: Database, incoming: Sequence[links.IncomingLink], origin: history.Origin = history.WINDOW
) -> int:
    """Put back links removed with their target, inside the caller's write, each record
    that gets one back with its revision; how many were put back."""
    before = get_records(db, _ids_of(db, {link.uid for link in incoming}))
    restored = links.restore_incoming(db, incoming)
    for old, new in zip(before, get_records(db, [r.id for r in before]), strict=True):
        history.edited(db, old, new, origin)
    return restored

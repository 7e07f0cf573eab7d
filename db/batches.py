"""Import batches: each import's file, counts and revisions, listed, and undone as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from bilateral.db import history, records
from bilateral.db.connection import writing
from bilateral.db.errors import BilateralError
from bilateral.db.validation import now

SHOWN = 20


@dataclass
class Batch:
    """One import: when, from which file, what it did, and whether it was undone."""

    id: int
    at: str
    origin: str
    file: str
    size: int | None
    sha256: str
    added: int
    updated: int
    unchanged: int
    conflicts: int
    first_revision: int | None
    last_revision: int | None
    undone_at: str | None


@dataclass
class Undone:
    """What undoing a batch did: records deleted, records put back, records left alone."""

    batch: Batch
    deleted: int = 0
    restored: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # uid, title


class BatchTouched(BilateralError):
    """Records of the batch changed since: undoing it would throw those changes away."""

    def __init__(self, batch_id: int, touched: list[tuple[str, str]]):
        lines = [f"  {uid}  {title}" for uid, title in touched[:SHOWN]]
        if len(touched) > SHOWN:
            lines.append(f"  … and {len(touched) - SHOWN:,} more")
        super().__init__(
            f"Import {batch_id} was not undone: {len(touched):,} of its records changed "
            "after it, and undoing it would lose those changes:\n"
            + "\n".join(lines)
            + "\nNothing was changed. --force undoes the rest and leaves these as they are."
        )
        self.touched = touched


def begin(db: Database, file: str, size: int | None, origin: str = "import") -> history.Origin:
    """Open a batch inside the import's transaction; its revisions carry the origin returned."""
    cursor = db.conn.execute(
        "INSERT INTO import_batches (at, origin, file, size, first_revision) "
        "VALUES (?, ?, ?, ?, (SELECT coalesce(max(id), 0) + 1 FROM revisions))",
        (now(), origin, file, size),
    )
    return history.Origin(origin, cursor.lastrowid, file)


def finish(db: Database, origin: history.Origin, counts: dict[str, int], sha256: str) -> None:
    """Record what the batch did and the range of its revisions (one transaction: contiguous)."""
    db.conn.execute(
        "UPDATE import_batches SET added = ?, updated = ?, unchanged = ?, conflicts = ?, "
        "sha256 = ?, last_revision = (SELECT max(id) FROM revisions) WHERE id = ?",
        (
            counts["added"],
            counts["updated"],
            counts["unchanged"],
            counts["conflicts"],
            sha256,
            origin.batch_id,
        ),
    )


_COLUMNS = (
    "id, at, origin, file, size, sha256, added, updated, unchanged, conflicts, "
    "first_revision, last_revision, undone_at"
)


def list_batches(db: Database) -> list[Batch]:
    """Every import, newest first."""
    sql = f"SELECT {_COLUMNS} FROM import_batches ORDER BY id DESC"
    return [Batch(*row) for row in db.conn.execute(sql)]


def get_batch(db: Database, batch_id: int) -> Batch:
    """The batch ``batch_id``.

    :raises BilateralError: there is none.
    """
    row = db.conn.execute(
        f"SELECT {_COLUMNS} FROM import_batches WHERE id = ?", (batch_id,)
    ).fetchone()
    if row is None:
        raise BilateralError(f"There is no import {batch_id}; `bilateral imports` lists them.")
    return Batch(*row)


def _revisions(db: Database, batch: Batch) -> list[history.Revision]:
    if batch.first_revision is None or batch.last_revision is None:
        return []
    sql = (
        f"SELECT {history.REVISION_COLUMNS} FROM revisions "
        "WHERE id BETWEEN ? AND ? AND batch_id = ? ORDER BY id"
    )
    rows = db.conn.execute(sql, (batch.first_revision, batch.last_revision, batch.id))
    return [history.from_row(row) for row in rows]


def _touched(db: Database, batch: Batch) -> list[tuple[str, str]]:
    """The batch's records that changed after it (uid, title), in the batch's order."""
    if batch.first_revision is None or batch.last_revision is None:
        return []
    sql = (
        "SELECT DISTINCT r.uid, coalesce(c.title, '') FROM revisions r "
        "JOIN revisions l ON l.uid = r.uid AND l.number > r.number "
        "LEFT JOIN records c ON c.uid = r.uid "
        "WHERE r.id BETWEEN ? AND ? AND r.batch_id = ? ORDER BY r.id"
    )
    return list(db.conn.execute(sql, (batch.first_revision, batch.last_revision, batch.id)))


def undo(db: Database, batch_id: int, *, force: bool = False) -> Undone:
    """Undo an import: delete the records it added, put back those it updated as they were.

    :param force: skip the records changed since, rather than refusing the whole undo.
    :raises BatchTouched: some of its records changed since (and not ``force``); nothing
        is changed.
    """
    with writing(db):
        batch = get_batch(db, batch_id)
        if batch.undone_at:
            raise BilateralError(f"Import {batch_id} was undone already, at {batch.undone_at}.")
        touched = _touched(db, batch)
        if touched and not force:
            raise BatchTouched(batch_id, touched)
        skip = {uid for uid, _ in touched}
        origin = history.Origin("undo import", detail=str(batch_id))
        done = Undone(batch, skipped=touched)
        for revision in _revisions(db, batch):
            if revision.uid in skip:
                continue
            stored = records.record_by_uid(db, revision.uid)
            if revision.operation == "create":
                records.delete_record(db, stored.id, origin=origin)
                done.deleted += 1
            elif revision.operation == "edit":
                before = history.rewind(history.state_of(stored), [revision]) or {}
                was = history.to_record(revision.uid, before)
                records.update_record(db, stored.id, was, check_links=False, origin=origin)
                done.restored += 1
        db.conn.execute("UPDATE import_batches SET undone_at = ? WHERE id = ?", (now(), batch_id))
    return done

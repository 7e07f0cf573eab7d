"""The database as it was at a moment: a copy of the file with later revisions rolled back."""

from __future__ import annotations

import contextlib
import datetime
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from bilateral.db import history, records
from bilateral.db.connection import connect, write_transaction


def moment(text: str) -> str:
    """A moment as stored in revisions ('2026-06-01T12:00:00Z') from what a person writes:
    '2026-06-01' (its first second, UTC), '2026-06-01 12:00', '…T12:00:00+02:00'.

    :raises HistoryProblem: it is no date and time.
    """
    cleaned = text.strip().replace(" ", "T")
    try:
        when = datetime.datetime.fromisoformat(cleaned.removesuffix("Z").removesuffix("z"))
    except ValueError:
        raise history.HistoryProblem(
            f"{text.strip()!r} is not a moment: write a date, 2026-06-01, or a date and UTC "
            "time, 2026-06-01T12:00:00Z"
        ) from None
    if when.tzinfo is not None:
        when = when.astimezone(datetime.UTC).replace(tzinfo=None)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_known(db: Database, at: str) -> None:
    since = history.history_since(db)
    if since and at < since:
        raise history.HistoryProblem(
            f"History began at {since}, when this database was upgraded to keep it; "
            f"what its records said at {at} is not known."
        )


@contextlib.contextmanager
def as_of(db: Database, at: str) -> Iterator[Database]:
    """Yield the database as it was at ``at`` (a ``moment``): ``db`` itself when nothing
    changed since, else a temporary copy, deleted afterwards, in which every record
    changed since is put back as it was (or removed, if it did not exist yet).

    :raises HistoryProblem: ``at`` is before history began for this database.
    """
    _check_known(db, at)
    changed = db.conn.execute("SELECT 1 FROM revisions WHERE at > ? LIMIT 1", (at,)).fetchone()
    if changed is None:
        yield db
        return
    with tempfile.TemporaryDirectory(prefix="bilateral-as-of-") as folder:
        path = Path(folder) / "as-of.db"
        # A consistent snapshot of the file, revisions included, whatever writes meanwhile.
        db.conn.execute("VACUUM INTO ?", (str(path),))
        then = connect(path)
        try:
            with write_transaction(then):
                _roll_back(then, at)
            yield then
        finally:
            then.close()


def _roll_back(db: Database, at: str) -> None:
    """Put every record changed after ``at`` back as it was then, without new revisions."""
    uids = [
        row[0] for row in db.conn.execute("SELECT DISTINCT uid FROM revisions WHERE at > ?", (at,))
    ]
    for uid in uids:
        later = [r for r in history.revisions(db, uid) if r.at > at]
        record_id = records.record_id_for_uid(db, uid)
        now = records.get_record(db, record_id) if record_id is not None else None
        state = history.rewind(history.state_of(now) if now else None, later)
        if state is None:
            if record_id is not None:
                db.conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
            continue
        then = history.to_record(uid, state)
        if record_id is not None:
            then.id = record_id
            records.store_prepared(db, then)
        else:
            then.id = records.next_id(db)
            records.insert_prepared(db, [then])

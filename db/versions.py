"""A record's earlier versions read back from its revisions, put back as a new revision, and checked."""

from __future__ import annotations

import json

from sqlite_utils import Database

from bilateral.db import history, records
from bilateral.db.connection import writing
from bilateral.db.errors import BilateralError
from bilateral.db.links import IncomingLink
from bilateral.db.model import Record


def current(db: Database, uid: str) -> Record | None:
    """The record ``uid`` as stored now, or None when there is none."""
    record_id = records.record_id_for_uid(db, uid)
    return records.get_record(db, record_id) if record_id is not None else None


def version(db: Database, uid: str, number: int) -> Record | None:
    """The record as revision ``number`` left it; None where that revision deleted it.

    :raises HistoryProblem: the record has no such revision.
    """
    found = history.revisions(db, uid)
    if not found:
        raise history.HistoryProblem(f"There is no history of a record with uid {uid!r}.")
    if not any(r.number == number for r in found):
        raise history.HistoryProblem(
            f"{uid} has no version {number}; its versions are 1 to {found[0].number}."
        )
    now = current(db, uid)
    later = [r for r in found if r.number > number]
    state = history.rewind(history.state_of(now) if now else None, later)
    return history.to_record(uid, state) if state is not None else None


def revert(db: Database, uid: str, number: int, origin: history.Origin | None = None) -> Record:
    """Make the record ``uid`` what version ``number`` was, as a new revision; a deleted
    record comes back with the links others held to it. Returns the record as stored.

    :raises HistoryProblem: no such version, or it is the deletion.
    :raises InvalidRecord: it links to a record that is gone (nothing is written).
    """
    origin = origin or history.Origin("revert", detail=f"to version {number}")
    with writing(db):
        wanted = version(db, uid, number)
        if wanted is None:
            raise history.HistoryProblem(
                f"Version {number} of {uid} is its deletion; delete the record to go back to it."
            )
        stored = current(db, uid)
        if stored is not None:
            records.update_record(db, stored.id, wanted, origin=origin)
            return records.get_record(db, stored.id)
        record_id = records.add_record(db, _fresh(wanted), origin=origin)
        records.restore_links(db, _incoming(db, uid), origin)
        return records.get_record(db, record_id)


def bring_back(db: Database, uid: str) -> Record:
    """Bring back the deleted record ``uid`` as it was when it was deleted, with its links.

    :raises BilateralError: it is not a deleted record.
    """
    found = history.revisions(db, uid)
    if not found or found[0].operation != "delete" or current(db, uid) is not None:
        raise BilateralError(
            f"{uid} is not a deleted record; `bilateral history --deleted` lists them."
        )
    return revert(db, uid, found[0].number - 1, history.Origin("revert", detail="brought back"))


def _fresh(record: Record) -> Record:
    """The version to insert again: a new row, stamped now."""
    record.id, record.updated_at = None, ""
    return record


def _incoming(db: Database, uid: str) -> list[IncomingLink]:
    """The links others held to ``uid`` when it was last deleted."""
    for revision in history.revisions(db, uid):
        if revision.operation == "delete":
            held = revision.changes.get(history.INCOMING, [[], None])[0]
            return [
                IncomingLink(holder, position, relation, uid) for holder, position, relation in held
            ]
    return []


def consistency(db: Database, shown: int = 10) -> list[str]:
    """Where the history and the records disagree (empty when they agree): each record's
    latest revision must be there, must not be a deletion, and must have left the values
    the record holds; a uid whose latest revision is not a deletion must be a record."""
    problems: list[str] = []
    missing = db.conn.execute(
        "SELECT uid FROM records r WHERE NOT EXISTS (SELECT 1 FROM revisions v WHERE v.uid = r.uid)"
    ).fetchall()
    problems += [f"{uid}: a record with no revision" for (uid,) in missing]
    latest = (
        "SELECT v.uid, v.operation, v.changes, r.id FROM revisions v "
        "LEFT JOIN records r ON r.uid = v.uid "
        "WHERE v.number = (SELECT max(number) FROM revisions w WHERE w.uid = v.uid)"
    )
    for uid, operation, changes, record_id in db.conn.execute(latest):
        if operation == "delete" and record_id is not None:
            problems.append(f"{uid}: deleted in its history, yet a record")
        elif operation != "delete" and record_id is None:
            problems.append(f"{uid}: {operation} is its latest revision, yet no record has it")
        elif operation == "edit":
            state = history.state_of(records.get_records(db, [record_id])[0])
            wrong = [n for n, (_, new) in json.loads(changes).items() if state.get(n) != new]
            if wrong:
                problems.append(
                    f"{uid}: its latest revision left other values ({', '.join(wrong)})"
                )
    if len(problems) > shown:
        problems[shown:] = [f"… and {len(problems) - shown:,} more"]
    return problems

"""Parts folded under their trip: how many each shown record holds, and which they are."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from bilateral.db.query import Filter


def part_counts(db: Database, ids: Sequence[int], where: Filter) -> dict[int, int]:
    """For the records ``ids`` (one page of a folded listing, so matching ``where``), how
    many of their parts match it too and so are folded under them; none are left out.

    Reads the links of the page's records, then checks those few parts against the
    filter: never a record beyond them.
    """
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    sql = (
        "SELECT p.id, l.record_id FROM records AS p JOIN links AS l ON l.target_uid = p.uid "
        f"AND l.relation = 'part-of' WHERE p.id IN ({marks})"
    )
    parents: dict[int, list[int]] = {}
    for parent, part in db.conn.execute(sql, tuple(ids)):
        parents.setdefault(part, []).append(parent)
    if not parents:
        return {}
    condition, params = where.where()
    marks = ", ".join("?" * len(parents))
    sql = f"SELECT id FROM records WHERE id IN ({marks}) AND ({condition})"
    counts: dict[int, int] = {}
    for (part,) in db.conn.execute(sql, [*parents, *params]):
        for parent in parents[part]:
            counts[parent] = counts.get(parent, 0) + 1
    return counts


def folded_parts(db: Database, record_id: int, where: Filter) -> list[int]:
    """Ids of the parts folded under ``record_id``: its parts that match ``where``, in
    date order. A part of its own parts is left out: it stays folded under that part."""
    condition, params = where.where()
    sql = (
        "SELECT records.id FROM links AS l JOIN records ON records.id = l.record_id "
        "WHERE l.relation = 'part-of' AND l.target_uid = (SELECT uid FROM records WHERE id = ?) "
        f"AND ({condition}) ORDER BY records.date, records.id"
    )
    return [row[0] for row in db.conn.execute(sql, [record_id, *params])]


def trips_of(db: Database, record_id: int) -> list[int]:
    """Ids of the records that ``record_id`` is part of, in the order of its links."""
    sql = (
        "SELECT p.id FROM links AS l JOIN records AS p ON p.uid = l.target_uid "
        "WHERE l.record_id = ? AND l.relation = 'part-of' ORDER BY l.position"
    )
    return [row[0] for row in db.conn.execute(sql, (record_id,))]

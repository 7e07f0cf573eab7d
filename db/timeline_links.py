"""What the timeline draws between events: links whose both ends are in view, and fulfils chains."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import NamedTuple

from sqlite_utils import Database

from bilateral.db.counting import Groups, money_stage, most_advanced
from bilateral.db.query import Filter
from bilateral.db.timeline import filter_condition

LINK_LIMIT = 2000
# Chains are read from their links; more than this many fulfils links in one
# selection would be a chart no one can read, so the rest are left out.
CHAIN_LINK_LIMIT = 2000


class LinkRow(NamedTuple):
    """One link between two records that are both in view: the source states the relation."""

    source_id: int
    source_uid: str
    source_date: str
    relation: str
    target_id: int
    target_uid: str
    target_date: str


def _ends(where: Filter | None, pairs: Sequence[str]) -> tuple[str, list]:
    """A subquery of the records that match, with its parameters.

    Written as a subquery so that the filter's bare column names apply to one end;
    SQLite flattens it into the join, so each end is a lookup by id or uid.
    """
    condition, params = filter_condition(where, pairs)
    columns = "id, uid, date, kind, status, amount_usd"
    return f"(SELECT {columns} FROM records WHERE {condition})", params


def view_links(db: Database, record_ids: Sequence[int], limit: int = LINK_LIMIT) -> list[LinkRow]:
    """Links whose source and target are both among ``record_ids`` (the events in view, as
    ``db.timeline.events`` returns them), at most ``limit``, the earliest sources first.

    Only links between drawn events can be drawn, so the ids bound the work: a lookup
    of each id's links by record id, and of each target by its unique uid.
    """
    ids = json.dumps(list(record_ids))
    # CROSS JOIN fixes the order (the ids, their links, the targets); the ids travel as
    # one JSON parameter, so any number stays under SQLite's parameter limit. The '+'
    # keeps the target test off the uid index: used there, it probes every id for each
    # link (2,000 links among 2,000 ids: 230 ms, against 11 ms as a plain test).
    sql = (
        "SELECT s.id, s.uid, s.date, l.relation, t.id, t.uid, t.date "
        "FROM json_each(?) j CROSS JOIN records s ON s.id = j.value "
        "CROSS JOIN links l ON l.record_id = s.id CROSS JOIN records t ON t.uid = l.target_uid "
        "WHERE +t.id IN (SELECT value FROM json_each(?)) LIMIT ?"
    )
    rows = [LinkRow(*row) for row in db.conn.execute(sql, (ids, ids, limit))]
    return sorted(rows, key=lambda r: (r.source_date, r.source_id, r.target_id))


class Stage(NamedTuple):
    """One record of a fulfils chain."""

    id: int
    uid: str
    date: str
    kind: str
    status: str
    amount_usd: float | None


class Chain(NamedTuple):
    """A commitment's stages along fulfils links, and the one stage whose money counts."""

    uids: tuple[str, ...]  # in date order
    first_date: str
    final_date: str
    final_uid: str
    final_kind: str
    final_status: str
    amount_usd: float | None  # counted once, at the stage db.counting says


def final_stage(stages: Sequence[Stage]) -> Stage | None:
    """The most advanced stage that is not cancelled (ties: the latest date), or None."""
    return most_advanced(stages)


def chains(
    db: Database,
    where: Filter | None = None,
    pairs: Sequence[str] = (),
    limit: int = CHAIN_LINK_LIMIT,
) -> list[Chain]:
    """The fulfils chains among the records that match, each a connected group of stages,
    in order of their first date. A chain whose stages are all cancelled is left out."""
    ends, params = _ends(where, pairs)
    sql = (
        "SELECT s.id, s.uid, s.date, s.kind, s.status, s.amount_usd, "
        "t.id, t.uid, t.date, t.kind, t.status, t.amount_usd "
        f"FROM links l CROSS JOIN {ends} s ON s.id = l.record_id "
        f"CROSS JOIN {ends} t ON t.uid = l.target_uid WHERE l.relation = 'fulfils' LIMIT ?"
    )
    edges = [
        (Stage(*row[:6]), Stage(*row[6:]))
        for row in db.conn.execute(sql, [*params, *params, limit])
    ]
    groups, stages = Groups(), {}
    for source, target in edges:
        stages[source.id], stages[target.id] = source, target
        groups.join(source.id, target.id)
    found = []
    for group in ([stages[i] for i in ids] for ids in groups.groups()):
        final = final_stage(group)
        if final is None:
            continue
        ordered = sorted(group, key=lambda s: (s.date, s.id))
        found.append(
            Chain(
                tuple(s.uid for s in ordered),
                ordered[0].date,
                final.date,
                final.uid,
                final.kind,
                final.status,
                getattr(money_stage(group), "amount_usd", None),
            )
        )
    return sorted(found, key=lambda c: (c.first_date, c.uids))

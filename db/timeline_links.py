"""What the timeline draws between events: links whose both ends are in view, and fulfils chains."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlite_utils import Database

from bilateral.db.query import Filter
from bilateral.db.timeline import _condition, _span_condition

LINK_LIMIT = 2000
# Chains are read from their links; more than this many fulfils links in one
# selection would be a chart no one can read, so the rest are left out.
CHAIN_LINK_LIMIT = 5000
# How far along its life a stage is; the most advanced stage not cancelled is the
# one whose money counts (ties go to the latest date).
STAGE_RANK = {"expected": 0, "pledged": 1, "signed": 2, "in force": 3, "completed": 4}


class LinkRow(NamedTuple):
    """One link between two records that are both in view: the source states the relation."""

    source_id: int
    source_uid: str
    source_date: str
    relation: str
    target_id: int
    target_uid: str
    target_date: str


def _ends(where: Filter | None, pairs: Sequence[str], span: tuple[str, str] | None) -> tuple:
    """A subquery of the records that match (and may overlap ``span``), with its parameters.

    Written as a subquery so that the filter's bare column names apply to one end;
    SQLite flattens it into the join, so each end is a lookup by id or uid.
    """
    condition, params = _condition(where, pairs)
    extra, extra_params = _span_condition(span, lasting=True)
    columns = "id, uid, date, kind, status, amount_usd"
    return f"(SELECT {columns} FROM records WHERE {condition}{extra})", [*params, *extra_params]


def view_links(
    db: Database,
    where: Filter | None,
    span: tuple[str, str] | None,
    pairs: Sequence[str] = (),
    limit: int = LINK_LIMIT,
) -> list[LinkRow]:
    """Links whose source and target both match the filter and may overlap ``span``, at most
    ``limit``, the earliest sources first."""
    ends, params = _ends(where, pairs, span)
    # CROSS JOIN fixes the order: the sources from the date index, their links by
    # record id, each target by its unique uid. Left to itself the planner may pair
    # every source with every target before looking at links. Unsorted, the LIMIT
    # stops the walk as soon as enough links are found.
    sql = (
        "SELECT s.id, s.uid, s.date, l.relation, t.id, t.uid, t.date "
        f"FROM {ends} s CROSS JOIN links l ON l.record_id = s.id "
        f"CROSS JOIN {ends} t ON t.uid = l.target_uid LIMIT ?"
    )
    rows = [LinkRow(*row) for row in db.conn.execute(sql, [*params, *params, limit])]
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
    amount_usd: float | None  # of the final stage: counted once, there


def final_stage(stages: Sequence[Stage]) -> Stage | None:
    """The most advanced stage that is not cancelled (ties: the latest date), or None."""
    live = [s for s in stages if s.status in STAGE_RANK]
    if not live:
        return None
    return max(live, key=lambda s: (STAGE_RANK[s.status], s.date, s.id))


def chains(
    db: Database,
    where: Filter | None = None,
    pairs: Sequence[str] = (),
    limit: int = CHAIN_LINK_LIMIT,
) -> list[Chain]:
    """The fulfils chains among the records that match, each a connected group of stages,
    in order of their first date. A chain whose stages are all cancelled is left out."""
    ends, params = _ends(where, pairs, None)
    sql = (
        "SELECT s.id, s.uid, s.date, s.kind, s.status, s.amount_usd, "
        "t.id, t.uid, t.date, t.kind, t.status, t.amount_usd "
        f"FROM links l CROSS JOIN {ends} s ON s.id = l.record_id "
        f"CROSS JOIN {ends} t ON t.uid = l.target_uid WHERE l.relation = 'fulfils' LIMIT ?"
    )
    stages: dict[int, Stage] = {}
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving keeps the trees flat
            node = parent[node]
        return node

    # Union-find over at most ``limit`` links: each link joins its two stages' groups.
    for row in db.conn.execute(sql, [*params, *params, limit]):
        source, target = Stage(*row[:6]), Stage(*row[6:])
        for stage in (source, target):
            stages[stage.id] = stage
            parent.setdefault(stage.id, stage.id)
        parent[root(source.id)] = root(target.id)
    groups: dict[int, list[Stage]] = {}
    for stage_id, stage in stages.items():
        groups.setdefault(root(stage_id), []).append(stage)
    found = []
    for group in groups.values():
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
                final.amount_usd,
            )
        )
    return sorted(found, key=lambda c: (c.first_date, c.uids))

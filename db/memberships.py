"""Membership bands for the timeline: the membership records of a selection, with their role."""

from __future__ import annotations

import dataclasses
import datetime
import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

from sqlite_utils import Database

from bilateral.db import counting, dates, parties, reference
from bilateral.db.parties import PartyTable
from bilateral.db.query import Filter, parse_pair
from bilateral.db.schema import UNCOUNTED_STATUSES
from bilateral.db.timeline import filter_condition

KIND = "membership"
BAND_LIMIT = 50


class Band(NamedTuple):
    """One membership record as a band: from the first day of its date to the last of its end."""

    lane: str  # the compared pair it belongs to, '' when not comparing
    record_id: int
    start: datetime.date
    end: datetime.date | None  # None: still in force
    member: str  # the side that joined
    party: str  # the side joined (an organisation, or a country for 'Belt and Road' records)
    role: str  # member, partner or observer, from party_members at the start
    label: str
    title: str


class Bands(NamedTuple):
    """The bands shown (at most the limit per lane) and how many match in all."""

    bands: list[Band]
    total: int


def bands(
    db: Database,
    where: Filter | None = None,
    pairs: Sequence[str] = (),
    limit: int = BAND_LIMIT,
) -> Bands:
    """The membership records matching ``where`` as bands, per lane when ``pairs`` are given.

    Records that did not happen (expected, pledged or cancelled, or a claim not
    established) draw no band. Each lane keeps its ``limit`` earliest bands.
    """
    where = where or Filter()
    if where.parties is None:
        # A pair may name an organisation ('CUB-BRICS'): reading it needs the parties.
        where = dataclasses.replace(where, parties=parties.table(db))
    table = where.parties
    lanes = [(parse_pair(p, table), [p]) for p in pairs] or [("", [])]
    found: list[tuple[str, tuple]] = []
    total = 0
    for lane, lane_pairs in lanes:
        rows, count = _rows(db, where, lane_pairs, limit)
        found += [(lane, row) for row in rows]
        total += count
    sides = [_sides(table, row[3], row[4]) for _, row in found]
    roles = _roles(db, {side for side in sides if side[2]})
    result = []
    for (lane, (record_id, date, end_date, _, _, title)), (member, party, joined) in zip(
        found, sides, strict=True
    ):
        role = _role_at(roles.get((party, member), []), date) if joined else "member"
        end = dates.last_day(end_date) if end_date else None
        label = _label(table, member, party, role, joined, date, end_date, title)
        result.append(
            Band(lane, record_id, dates.first_day(date), end, member, party, role, label, title)
        )
    return Bands(result, total)


def _rows(
    db: Database, where: Filter | None, pairs: Sequence[str], limit: int
) -> tuple[list[tuple], int]:
    """At most ``limit`` matching membership records, earliest first, and how many match."""
    condition, params = filter_condition(where, pairs)
    uncounted = ", ".join(f"'{status}'" for status in UNCOUNTED_STATUSES)
    happened = ", ".join(f"'{claim}'" for claim in counting.HAPPENED)
    # kind = ? first: the records_kind_date index reads only the membership records,
    # and count(*) OVER () counts them in the pass that picks the shown ones.
    sql = (
        "SELECT id, date, end_date, actor, partner, title, count(*) OVER () FROM records "
        f"WHERE kind = ? AND ({condition}) AND status NOT IN ({uncounted}) "
        f"AND claim_status IN ({happened}) ORDER BY date, id LIMIT ?"
    )
    rows = db.conn.execute(sql, [KIND, *params, limit]).fetchall()
    return [row[:6] for row in rows], (rows[0][6] if rows else 0)


def _sides(table: PartyTable, actor: str, partner: str) -> tuple[str, str, bool]:
    """Member, party joined, and whether the party is an organisation (not a country)."""
    if not reference.is_country(partner):
        return actor, partner, True
    if not reference.is_country(actor):
        return partner, actor, True
    return actor, partner, False


def _roles(db: Database, sides: set[tuple[str, str, bool]]) -> dict[tuple[str, str], list]:
    """The party_members rows of each (party, member), read in one query."""
    if not sides:
        return {}
    pairs = sorted({(party, member) for member, party, _ in sides})
    values = ", ".join("(?, ?)" for _ in pairs)
    sql = (
        f'SELECT party, member, role, start, "end" FROM party_members '
        f"WHERE (party, member) IN (VALUES {values})"
    )
    found: dict[tuple[str, str], list] = {}
    try:
        rows = db.conn.execute(sql, [c for p in pairs for c in p]).fetchall()
    except sqlite3.OperationalError:  # a database from before schema m010, opened read-only
        return {}
    for party, member, role, start, end in rows:
        found.setdefault((party, member), []).append((start, end, role))
    return found


def _role_at(rows: list[tuple[str, str, str]], date: str) -> str:
    """The role held on ``date`` (the latest begun if several); 'member' when none is known."""
    held = [
        (start, role)
        for start, end, role in rows
        if (not start or dates.first_day(start) <= dates.last_day(date))
        and (not end or dates.last_day(end) >= dates.first_day(date))
    ]
    return max(held)[1] if held else "member"


def _label(
    table: PartyTable,
    member: str,
    party: str,
    role: str,
    joined: bool,
    date: str,
    end_date: str | None,
    title: str,
) -> str:
    """'Cuba in BRICS (partner) since 2025-01-01'; for two countries, the record's title."""
    when = f"{date} – {end_date}" if end_date else f"since {date}"
    if not joined:
        return f"{title} ({when})"
    held = "" if role == "member" else f" ({role})"
    return f"{table.name(member)} in {table.name(party)}{held} {when}"

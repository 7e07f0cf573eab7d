"""What the timeline plots read: activity per period, events in a date range and money flows, in SQL."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import NamedTuple

from sqlite_utils import Database

from bilateral.db import counting, dates, involving, totals_read
from bilateral.db.query import OPEN_STATUS, Filter, FilterError, parse_pair, period_sql

PERIODS = ("year", "quarter", "month", "day")
EVENT_LIMIT = 2000


def filter_condition(where: Filter | None, pairs: Sequence[str] = ()) -> tuple[str, list]:
    """The filter's SQL condition, with ``pairs`` (when given) replacing its pair."""
    where = where or Filter()
    if pairs:
        where = dataclasses.replace(where, pair="")
    condition, params = where.where()
    if pairs:
        canonical = [parse_pair(p, where.parties) for p in pairs]
        known = None if where.parties is None else where.parties.other_pairs()
        clause, pair_params = involving.pairs_clause(canonical, where.through_membership, known)
        condition += f" AND {clause}"
        params = params + pair_params
    return condition, params


def _span_condition(span: tuple[str, str] | None, lasting: bool) -> tuple[str, list]:
    """Keep records dated within ``span`` (two partial dates), with whole years of margin.

    Partial dates compare as strings, so bounds are taken to the year: '2023' and
    '2023-06' both fall in a span that starts on 2023-06-01. With ``lasting``,
    records that began earlier and last into the span are kept too.
    """
    if not span:
        return "", []
    low, high = span[0][:4], dates.upper_bound(span[1][:4])
    if not lasting:
        return " AND date >= ? AND date < ?", [low, high]
    # '+date' keeps SQLite off the date index for the open-ended part: walking
    # the index over all earlier records is slower than one scan of the table.
    return (
        " AND ((date >= ? AND date < ?) OR (+date < ? AND "
        "(end_date >= ? OR (end_date IS NULL AND status = ?))))",
        [low, high, low, low, OPEN_STATUS],
    )


class ActivityRow(NamedTuple):
    """How many records of one kind fall in one period (for one pair when grouped by pair)."""

    pair: str
    period: str
    kind: str
    records: int


def activity(
    db: Database,
    by: str,
    where: Filter | None = None,
    pairs: Sequence[str] = (),
    span: tuple[str, str] | None = None,
) -> list[ActivityRow]:
    """Record counts per period and kind, per pair when ``pairs`` are given (else pair is '').

    A date coarser than the period keeps its own period ('2021' stays '2021' by month).

    :param by: 'year', 'quarter', 'month' or 'day'.
    :param span: only periods that may overlap these two partial dates (to the year).
    """
    if by not in PERIODS:
        raise FilterError(f"period must be one of {', '.join(PERIODS)}")
    period = "date" if by == "day" else period_sql(by)
    if not pairs:
        return _activity(db, period, "''", filter_condition(where), span)
    # Each pair's lane holds every record of its view, so a record with other parties
    # is drawn in each lane it involves (the lanes are views, never added together).
    # Grouped by the stored pair, which SQLite reads off the pair index, then summed
    # into the lane.
    rows = []
    for pair in pairs:
        lane = parse_pair(pair, (where or Filter()).parties)
        totals: dict[tuple[str, str], int] = {}
        for row in _activity(db, period, "pair", filter_condition(where, [pair]), span):
            totals[row.period, row.kind] = totals.get((row.period, row.kind), 0) + row.records
        rows += [ActivityRow(lane, *key, n) for key, n in sorted(totals.items())]
    return rows


def _activity(
    db: Database,
    period: str,
    pair: str,
    filtered: tuple[str, list],
    span: tuple[str, str] | None,
) -> list[ActivityRow]:
    """``activity`` grouped by ``pair`` (an SQL expression) as well."""
    condition, params = filtered
    extra, extra_params = _span_condition(span, lasting=False)
    # Events that happened, as the summary's `records` counts them: claims are drawn
    # as claims, and links make a trip's parts of its own kind count inside it.
    happened = ", ".join(f"'{claim}'" for claim in counting.HAPPENED)
    if (
        period == period_sql("year")
        and pair == "''"
        and not extra
        and totals_read.answers(db, condition)
    ):
        # The summary's kept totals count the same per year, without reading records.
        sql = totals_read.activity_sql(condition)
    else:
        sql = (
            f"SELECT {pair} AS p, {period} AS period, kind, count(*) FROM records "
            f"WHERE {condition}{extra} AND claim_status IN ({happened}) "
            "GROUP BY p, period, kind ORDER BY p, period, kind"
        )
    rows = db.conn.execute(sql, params + extra_params).fetchall()
    fixes = counting.corrections(
        db, f"{pair}, {period}, kind", condition + extra, params + extra_params
    )
    if not fixes:
        return [ActivityRow(*row) for row in rows]
    totals = {tuple(row[:3]): row[3] for row in rows}
    for key, fix in fixes.items():
        totals[key] = totals.get(key, 0) + fix.records
    return [ActivityRow(*key, n) for key, n in sorted(totals.items()) if n > 0]


class Extent(NamedTuple):
    """How many records match and the dates they cover."""

    records: int
    first: str | None
    last: str | None
    open_ended: bool


def extent(db: Database, where: Filter | None = None, pairs: Sequence[str] = ()) -> Extent:
    """Count, earliest date, latest date or end date, and whether any record lasts until today."""
    condition, params = filter_condition(where, pairs)
    if totals_read.answers(db, condition):
        # The kept totals count a plain pair's records (100,000 records: 11 ms from the
        # records), and the index by pair and date gives the latest date at its end.
        count, first, _, _, _ = db.conn.execute(
            totals_read.extent_sql(condition), params
        ).fetchone()
        row = db.conn.execute(
            f"SELECT date FROM records WHERE {condition} ORDER BY date DESC LIMIT 1", params
        ).fetchone()
        last = row[0] if row else None
    else:
        count, first, last = db.conn.execute(
            f"SELECT count(*), min(date), max(date) FROM records WHERE {condition}", params
        ).fetchone()
    # End dates and open states belong to the few lasting records: the partial index
    # records_lasting holds just those, so this never reads every matching row.
    last_end, open_ended = db.conn.execute(
        "SELECT max(end_date), coalesce(max(end_date IS NULL AND status = ?), 0) "
        f"FROM records WHERE ({condition}) AND (end_date IS NOT NULL OR status = '{OPEN_STATUS}')",
        [OPEN_STATUS, *params],
    ).fetchone()
    if last_end is not None and (last is None or last_end > last):
        last = last_end
    return Extent(count, first, last, bool(open_ended))


class EventRow(NamedTuple):
    """One record as the events view draws it."""

    id: int
    date: str
    end_date: str | None
    kind: str
    title: str
    status: str
    actor: str
    partner: str
    direction: str
    claim_status: str = "established"
    claimed_by: str = ""


# A fixed pseudo-random order of ids (Knuth's multiplicative hash), spread over any range.
_SPREAD = "(id * 2654435761) % 4294967296"
_EVENT_COLUMNS = (
    "id, date, end_date, kind, title, status, actor, partner, direction, claim_status, claimed_by"
)


def events(
    db: Database,
    where: Filter | None,
    span: tuple[str, str],
    pairs: Sequence[str] = (),
    limit: int = EVENT_LIMIT,
) -> tuple[list[EventRow], int]:
    """Records that may overlap ``span``, at most ``limit``, and how many match in all.

    Beyond the limit the records kept are spread over the range (a fixed
    pseudo-random order by id), not the first ones by date, so the picture stays honest.
    """
    condition, params = filter_condition(where, pairs)
    extra, extra_params = _span_condition(span, lasting=True)
    # Counted apart, the ids picked go through a sort that keeps only ``limit`` of them
    # (a pair of 100,327 records: 25 ms against 40 ms with count(*) OVER ()). Only ids
    # are sorted, so SQLite picks them from an index without carrying every matching
    # title through the sort; the shown rows are read afterwards.
    matching = f"FROM records WHERE {condition}{extra}"
    total = _all_within(db, condition, params, span)
    if total is None:
        (total,) = db.conn.execute(
            f"SELECT count(*) {matching}", [*params, *extra_params]
        ).fetchone()
    if not total:
        return [], 0
    sql = (
        f"SELECT {_EVENT_COLUMNS} FROM records WHERE id IN "
        f"(SELECT id {matching}{{bound}} ORDER BY {_SPREAD} LIMIT ?) ORDER BY date, id"
    )
    rows = []
    if total > limit:
        # The ``limit`` first in the spread order are all below a bound that about
        # 1.25 times as many pass, so the sort sees that many rather than every match
        # (100,327 records: 10 ms against 20 ms); should too few pass, all are sorted.
        bound = min(2**32, math.ceil(2**32 * limit * 1.25 / total))
        rows = db.conn.execute(
            sql.format(bound=f" AND {_SPREAD} < ?"), [*params, *extra_params, bound, limit]
        ).fetchall()
    if len(rows) < min(limit, total):
        rows = db.conn.execute(sql.format(bound=""), [*params, *extra_params, limit]).fetchall()
    # Drawn in date order, so that later records lie on top of earlier ones.
    return [EventRow(*r) for r in rows], total


def _all_within(db: Database, condition: str, params: list, span: tuple[str, str]) -> int | None:
    """How many records meet ``condition`` when the kept totals say that every one of them
    is dated within ``span``'s years (a view fitted to them all); None otherwise."""
    if not totals_read.answers(db, condition):
        return None
    count, first, last_key, _, _ = db.conn.execute(
        totals_read.extent_sql(condition), params
    ).fetchone()
    # _span_condition keeps the years from span[0]'s to span[1]'s, by the dates' years.
    if count and first[:4] >= span[0][:4] and last_key[:4] <= span[1][:4]:
        return count
    return None


def event(db: Database, record_id: int) -> EventRow | None:
    """One record as the events view draws it, or None when it does not exist."""
    row = db.conn.execute(
        f"SELECT {_EVENT_COLUMNS} FROM records WHERE id = ?", (record_id,)
    ).fetchone()
    return EventRow(*row) if row else None


def flow_name(actor: str, partner: str, direction: str) -> str:
    """'CHN → CUB' for money one way, 'CHN ↔ CUB' for a mutual record (it counts for the pair)."""
    if direction == "mutual":
        return " ↔ ".join(sorted((actor, partner)))
    return f"{actor} → {partner}"


def kind_counts(
    db: Database, where: Filter | None = None, pairs: Sequence[str] = ()
) -> list[tuple[str, int]]:
    """Every kind that matching records have, in the order of the kinds table, with the
    number of events the activity bars count for it: claims and the parts counted inside
    their trip left out, as ``activity`` does (a kind of claims only shows 0)."""
    condition, params = filter_condition(where, pairs)
    happened = ", ".join(f"'{claim}'" for claim in counting.HAPPENED)
    counted = f"sum(claim_status IN ({happened})) AS n FROM records WHERE {condition}"
    if totals_read.answers(db, condition):  # the kept totals of each pair's whole span
        counted = totals_read.kind_counts_sql(condition)
    sql = (
        f"SELECT kinds.name, c.n FROM (SELECT kind, {counted} "
        "GROUP BY kind) AS c JOIN kinds ON kinds.name = c.kind "
        "ORDER BY kinds.builtin DESC, kinds.rowid"
    )
    rows = db.conn.execute(sql, params).fetchall()
    fixes = counting.corrections(db, "kind", condition, params)
    return [(kind, n + (fixes[(kind,)].records if (kind,) in fixes else 0)) for kind, n in rows]

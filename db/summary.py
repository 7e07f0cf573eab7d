"""Summaries: per pair, period, kind and direction, what happened, what is claimed, and the money."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

from sqlite_utils import Database

from bilateral.db import counting, totals, totals_read
from bilateral.db.cells import RISKY_START, format_number, neutralise
from bilateral.db.indexes import SIDE_SQL
from bilateral.db.query import OPEN_STATUS, Filter, fts_query, period_sql
from bilateral.db.totals import CENTS_SQL


class SummaryRow(NamedTuple):
    """One line of a summary: a pair, a period, a kind and a direction with their totals.

    ``records`` counts events that happened (links counted once); ``claimed`` and
    ``disputed`` count claims apart; ``amount_usd`` is the money given by ``actor`` to
    ``partner`` (both sides together when ``direction`` is mutual), summed in whole
    cents so that no order of adding gives another total.
    """

    pair: str
    period: str
    kind: str
    actor: str
    partner: str
    direction: str
    records: int
    claimed: int
    disputed: int
    amount_usd: float
    uncounted_usd: float
    first_date: str
    last_date: str


SUMMARY_COLUMNS = SummaryRow._fields

_SIDE = SIDE_SQL
_HAPPENED = ", ".join(f"'{claim}'" for claim in counting.HAPPENED)
_VOID = ", ".join(f"'{claim}'" for claim in counting.VOID)


def summary_sql(by: str = "year", where: Filter | None = None) -> tuple[str, list]:
    """The SQL ``summarize`` runs, and its parameters (links and lasting ends come apart)."""
    condition, params = (where or Filter()).where()
    return _totals_sql(by, condition), params


# The columns of a table of per-record corrections (``view_sql``): what links change in
# each record's share, as db.counting computes it, in SummaryRow's order.
CORRECTION_COLUMNS = ("added_records", "added_claimed", "added_disputed", "added_usd")
CORRECTION_COLUMNS += ("added_uncounted_usd",)


# The lasting ends summarize() adds, in SQL: the latest of the dates and end dates ('~'
# as in the totals), none when a record is in force with no end date.
_LAST_WITH_ENDS = (
    f"CASE WHEN max(end_date IS NULL AND status = '{OPEN_STATUS}') THEN '' "
    "ELSE rtrim(max(max(date || '~'), coalesce(max(end_date || '~'), '')), '~') END"
)


def _totals_sql(by: str, condition: str, corrections: str | None = None) -> str:
    """The one query of the summary's totals: SQLite's, and with ``corrections`` (a
    table of CORRECTION_COLUMNS by record_id) the records links touch counted once and
    the lasting ends read here, for ``view_sql``, which orders the rows itself."""

    def plus(column: str) -> str:
        return f" + coalesce(sum(c.{column}), 0)" if corrections else ""

    records, claimed, disputed, usd, uncounted = (plus(c) for c in CORRECTION_COLUMNS)
    # Money in whole cents (CORRECTION_COLUMNS hold cents too): sums of whole numbers are
    # exact, so this query and the kept totals (db.totals) agree to the cent.
    # A join only when corrections are given: the summary's own query reads records alone.
    joined = f" LEFT JOIN {corrections} c ON c.record_id = records.id" if corrections else ""
    last = _LAST_WITH_ENDS if corrections else "rtrim(max(date || '~'), '~')"
    order = "" if corrections else " ORDER BY pair, period, kind, side"
    # By year, the GROUP BY comes straight off the records_pair_year index, whose
    # expressions are period_sql("year") word for word: keep the two the same.
    # max(date || '~') is the date that ends last ('2023' after '2023-12-31' ties it,
    # '2023-06' before '2023-06-30'): the latest end of the rows' dates. summarize()
    # extends it with the end dates of the few lasting records.
    return f"""
        SELECT pair, {period_sql(by)} AS period, kind, {_SIDE} AS side,
               sum(claim_status IN ({_HAPPENED})){records}, sum(claim_status = 'claimed'){claimed},
               sum(claim_status = 'disputed'){disputed}, total(CASE WHEN counts THEN {CENTS_SQL} END){usd},
               total(CASE WHEN NOT counts AND claim_status NOT IN ({_VOID}) THEN {CENTS_SQL} END){uncounted},
               min(date), {last}
        FROM records{joined} WHERE {condition}
        GROUP BY pair, period, kind, side{order}
    """


def view_sql(by: str, corrections: str) -> str:
    """A SELECT giving ``summarize(db, by)``'s rows, SUMMARY_COLUMNS, from one query: the
    same totals, corrected by the table ``corrections`` (db.serving fills it from
    db.counting), with the lasting ends and the sides' actor and partner in SQL."""
    totals = _totals_sql(by, "1", corrections)
    first, second = totals_read.PAIR_FIRST_SQL, totals_read.PAIR_SECOND_SQL
    counted = SUMMARY_COLUMNS[6:11]
    # The money from cents to dollars as summarize() divides it.
    shown = [*counted[:3], *(f"{c} / 100.0 AS {c}" for c in counted[3:])]
    # The sides as _who() names them; rows in which nothing counts are left out, as there.
    return f"""
        WITH totals(pair, period, kind, side, {", ".join(counted)}, first_date, last_date)
        AS ({totals})
        SELECT pair, period, kind,
               CASE side WHEN 1 THEN {second} ELSE {first} END AS actor,
               CASE side WHEN 1 THEN {first} ELSE {second} END AS partner,
               CASE side WHEN 2 THEN 'mutual' ELSE 'one-way' END AS direction,
               {", ".join(shown)}, first_date, last_date
        FROM totals WHERE {" OR ".join(counted)}
        ORDER BY pair, period, kind, side
    """


def _lasting_ends(db: Database, by: str, where: Filter | None) -> dict[tuple, tuple[str, int]]:
    """Per (pair, period, kind, side): the latest end_date (+ '~') and whether one is open.

    Only records with an end date or in force carry these: the records_lasting index
    holds just them, so the summary's main query need not read end dates at all. The
    '+' keeps SQLite from walking records_pair_year for its order instead (1 M records:
    3.3 s against 0.24 s).
    """
    condition, params = (where or Filter()).where()
    sql = f"""
        SELECT pair, {period_sql(by)} AS period, kind, {_SIDE}, max(end_date || '~'),
               max(end_date IS NULL AND status = '{OPEN_STATUS}')
        FROM records WHERE ({condition}) AND (end_date IS NOT NULL OR status = '{OPEN_STATUS}')
        GROUP BY +pair, period, kind, 4
    """
    return {tuple(row[:4]): (row[4] or "", row[5]) for row in db.conn.execute(sql, params)}


def summarize(db: Database, by: str = "year", where: Filter | None = None) -> Iterator[SummaryRow]:
    """Counts and USD totals per pair, period, kind and direction, computed by SQLite.

    Records count once (``db.counting``): a part of a trip inside the trip, the money
    of a chain of stages at its most advanced stage. Money of expected, pledged or
    cancelled records, and of claims, goes to ``uncounted_usd``, never to
    ``amount_usd``. ``first_date`` is the earliest start and ``last_date`` the latest
    end of the rows' spans (``end_date`` when given); ``last_date`` is empty when a
    record in the row is in force with no end date. Rows in which nothing counts
    (only denied claims, say) are left out.
    """
    kinds = _kept_totals(db, where) if by in totals.GRAINS else None
    if kinds is not None:
        yield from _kept(db, by, kinds)
        return
    sql, params = summary_sql(by, where)
    condition, where_params = (where or Filter()).where()
    ends = _lasting_ends(db, by, where)
    keys = f"pair, {period_sql(by)}, kind, {_SIDE}"
    fixes = counting.corrections(db, keys, condition, where_params, usd=CENTS_SQL)
    sides: dict[tuple[str, int], tuple[str, str, str]] = {}
    for row in db.conn.execute(sql, params):
        key = row[:4]
        counted = row[4:9]
        fix = fixes.get(key) if fixes else None
        if fix is not None:
            counted = tuple(counting.added(counted, fix)[:5])
        if not any(counted):
            continue
        last = row[10]
        lasting = ends.get(key) if ends else None
        if lasting is not None:
            end, open_ended = lasting
            last = "" if open_ended else max(last + "~", end).rstrip("~")
        who = sides.get(key[::3])  # (pair, side)
        if who is None:
            who = sides[key[::3]] = _who(key[0], key[3])
        usd, uncounted = counted[3] / 100, counted[4] / 100
        yield SummaryRow._make((*key[:3], *who, *counted[:3], usd, uncounted, row[9], last))


# Above every pair code: the end of the last range of pairs _kept reads.
_AFTER_ALL = "\U0010ffff"


def _kept(
    db: Database, by: str, kinds: list[str], lines: bool = False
) -> Iterator[SummaryRow] | Iterator[str]:
    """``summarize`` from the kept totals (db.totals): the rows of pairs no link touches
    straight from SQL, those of the few pairs links touch corrected here. With
    ``lines``, the summary CSV's lines (``summary_lines``)."""
    condition, params = Filter(kinds=kinds).where()
    keys = f"pair, {period_sql(by)}, kind, {_SIDE}"
    fixes = counting.corrections(db, keys, condition, params, usd=CENTS_SQL)
    special = {key[0] for key in fixes}
    if lines:
        special.update(totals_read.large_pairs(db, by))  # Python writes their amounts
    # The few kinds whose CSV cell is not their name: quoted, or neutralised.
    odd = [(k, c) for k, c in _kind_cells(db).items() if c != k] if lines else []
    ranges = totals_read.summary_sql(by, len(kinds), "lines" if lines else "rows", len(odd))
    one = totals_read.summary_sql(by, len(kinds), "one")
    first = [value for pair in odd for value in pair]

    def between(low: str, high: str) -> Iterator:
        found = db.conn.execute(ranges, [*first, *kinds, low, high])
        return map(itemgetter(0), found) if lines else map(SummaryRow._make, found)

    low = ""
    for pair in sorted(special):
        yield from between(low, pair)
        for *row, side in db.conn.execute(one, [*kinds, pair]):
            counted = counting.added(row[6:11], fixes.get((*row[:3], side)))[:5]
            if any(counted):
                money = (counted[3] / 100, counted[4] / 100)
                fixed = SummaryRow._make((*row[:6], *counted[:3], *money, *row[11:]))
                yield summary_line(fixed) if lines else fixed
        low = pair
    yield from between(low, _AFTER_ALL)


def summary_lines(db: Database, by: str = "year", where: Filter | None = None) -> Iterator[str]:
    """``summarize``'s rows as the summary CSV's lines (CRLF ends), formula-like cells
    neutralised: straight from SQL when the kept totals answer (db.totals), byte for
    byte what the csv module writes of ``summary_cells_of``."""
    kinds = _kept_totals(db, where) if by in totals.GRAINS else None
    if kinds is not None:
        return _kept(db, by, kinds, lines=True)
    return map(summary_line, summarize(db, by, where))


def _kind_cells(db: Database) -> dict[str, str]:
    """Each kind's cell in a CSV line, as the csv module writes it, neutralised."""
    cells = {}
    for (name,) in db.conn.execute("SELECT name FROM kinds"):
        _LINE.writer.writerow([neutralise(name)])
        cells[name] = _LINE.text[:-2]
    return cells


def summary_cells_of(row: SummaryRow) -> list[str]:
    """One summary row's CSV cells: numbers written by ``format_number``, a cell that
    starts like a formula neutralised."""
    cells = [format_number(v) if type(v) is float else str(v) for v in row]
    # Few cells start as a formula could: look for one in C, neutralise in Python.
    if any(map(str.startswith, cells, repeat(RISKY_START))):
        cells = [neutralise(c) for c in cells]
    return cells


class _Line:
    """A csv writer onto a string, one line at a time."""

    def __init__(self) -> None:
        self.text = ""
        self.writer = csv.writer(self, lineterminator="\r\n")

    def write(self, text: str) -> None:
        self.text = text


_LINE = _Line()


def summary_line(row: SummaryRow) -> str:
    """One summary row as its CSV line, as the csv module writes it."""
    _LINE.writer.writerow(summary_cells_of(row))
    return _LINE.text


def _kept_totals(db: Database, where: Filter | None) -> list[str] | None:
    """The kinds to read the kept totals for (none: all), or None when the filter asks
    for more than kinds or the file keeps no totals."""
    f = where or Filter()
    if f.pair or f.since or f.until or f.statuses or fts_query(f.text):
        return None
    return list(f.kinds) if totals.exists(db) else None


def _who(pair: str, side: int) -> tuple[str, str, str]:
    """Actor, partner and direction of a pair's side (0: its first code gives, 1: its
    second, 2: both)."""
    first, second = pair.split("-", 1)
    if side == 2:
        return first, second, "mutual"
    return (second, first, "one-way") if side == 1 else (first, second, "one-way")

"""Finding records: filters, ordered id lists, table pages, pairs and summaries in SQL."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlite_utils import Database

from bilateral.db import countries, dates
from bilateral.db.errors import BilateralError
from bilateral.db.schema import STATUSES

PERIODS = ("year", "quarter", "month", "all")
SORT_COLUMNS = {
    "date": "date",
    "kind": "kind",
    "title": "title COLLATE NOCASE",
    "actor": "actor",
    "partner": "partner",
    "amount_usd": "amount_usd",
    "status": "status",
}


class FilterError(BilateralError):
    """A filter value that cannot be used, such as an unknown pair."""


@dataclass
class Filter:
    """Which records to show: every field narrows the result, empty means no limit."""

    pair: str = ""
    kinds: list[str] = field(default_factory=list)
    since: str = ""
    until: str = ""
    statuses: list[str] = field(default_factory=list)
    text: str = ""

    def where(self) -> tuple[str, list]:
        """The SQL condition and its parameters; raises FilterError on bad values."""
        clauses, params = [], []
        if self.pair:
            clauses.append("pair = ?")
            params.append(parse_pair(self.pair))
        if self.kinds:
            clauses.append(f"kind IN ({', '.join('?' * len(self.kinds))})")
            params += self.kinds
        for name, value in (("since", self.since), ("until", self.until)):
            if value:
                try:
                    dates.parse(value)
                except dates.PartialDateError as error:
                    raise FilterError(f"--{name} {value!r}: {error}") from None
        if self.since:
            clauses.append("date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("date < ?")
            params.append(dates.upper_bound(self.until))
        if self.statuses:
            unknown = set(self.statuses) - set(STATUSES)
            if unknown:
                raise FilterError(f"unknown status {', '.join(sorted(unknown))}")
            clauses.append(f"status IN ({', '.join('?' * len(self.statuses))})")
            params += self.statuses
        match = fts_query(self.text)
        if match:
            clauses.append("id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
            params.append(match)
        return (" AND ".join(clauses) or "1"), params


def parse_pair(text: str) -> str:
    """Turn 'cub-chn', 'CHN CUB', 'RU-CU' or 'Russia, Cuba' into the canonical pair 'CHN-CUB'.

    Countries may be codes or names (see db.countries), separated by -, /, , or spaces.

    :raises FilterError: when the text is not two different countries, saying why.
    """
    try:
        codes = countries.parse_pair(text)
    except countries.PairError as error:
        raise FilterError(str(error)) from None
    return "-".join(sorted(codes))


def fts_query(text: str) -> str:
    """Make an FTS5 query from what a user typed: every word must match, the last as a prefix.

    Words are quoted, so stray quotes, operators or brackets can never raise.
    """
    words = re.findall(r"\w+", text)
    if not words:
        return ""
    return " ".join(f'"{w}"' for w in words) + "*"


def list_ids(
    db: Database, where: Filter | None = None, sort: str = "date", descending: bool = False
) -> list[int]:
    """Ids of the matching records in display order (ties broken by id)."""
    condition, params = (where or Filter()).where()
    direction = " DESC" if descending else ""
    # Ties go the same way as the sort, so that the date index serves both directions.
    sql = f"SELECT id FROM records WHERE {condition} ORDER BY {SORT_COLUMNS[sort]}{direction}, id{direction}"
    return [row[0] for row in db.conn.execute(sql, params)]


def count(db: Database, where: Filter | None = None) -> int:
    """How many records match."""
    condition, params = (where or Filter()).where()
    return db.conn.execute(f"SELECT count(*) FROM records WHERE {condition}", params).fetchone()[0]


class TableRow(NamedTuple):
    """What the record table shows of one record."""

    id: int
    date: str
    kind: str
    title: str
    actor: str
    partner: str
    direction: str
    amount_usd: float | None
    status: str


def table_rows(db: Database, ids: Sequence[int]) -> list[TableRow]:
    """The table's columns for ``ids`` (one page), in the order of ``ids``."""
    if not ids:
        return []
    sql = (
        "SELECT id, date, kind, title, actor, partner, direction, amount_usd, status "
        f"FROM records WHERE id IN ({', '.join('?' * len(ids))})"
    )
    by_id = {row[0]: TableRow(*row) for row in db.conn.execute(sql, tuple(ids))}
    return [by_id[i] for i in ids if i in by_id]


def list_pairs(db: Database) -> list[tuple[str, int]]:
    """Every pair with its record count, most records first."""
    sql = "SELECT pair, count(*) AS n FROM records GROUP BY pair ORDER BY n DESC, pair"
    return [(pair, n) for pair, n in db.conn.execute(sql)]


def period_sql(by: str) -> str:
    """SQL for the period a record falls in; a date coarser than the period keeps its own."""
    if by not in PERIODS:
        raise FilterError(f"--by must be one of {', '.join(PERIODS)}")
    return {
        "year": "substr(date, 1, 4)",
        "month": "substr(date, 1, 7)",
        "quarter": (
            "CASE WHEN length(date) >= 7 THEN substr(date, 1, 4) || '-Q' || "
            "((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3) ELSE substr(date, 1, 4) END"
        ),
        "all": "'all'",
    }[by]


class SummaryRow(NamedTuple):
    """One line of a summary: a pair, a period and a kind with their totals."""

    pair: str
    period: str
    kind: str
    records: int
    amount_usd: float
    uncounted_usd: float
    first_date: str
    last_date: str


SUMMARY_COLUMNS = SummaryRow._fields


def summary_sql(by: str = "year", where: Filter | None = None) -> tuple[str, list]:
    """The SQL ``summarize`` runs, and its parameters."""
    condition, params = (where or Filter()).where()
    # By year, the GROUP BY comes straight off the records_pair_year index, whose
    # expressions are period_sql("year") word for word: keep the two the same.
    sql = f"""
        SELECT pair, {period_sql(by)} AS period, kind, count(*),
               total(CASE WHEN counts THEN amount_usd END),
               total(CASE WHEN NOT counts THEN amount_usd END),
               min(date), max(date)
        FROM records WHERE {condition}
        GROUP BY pair, period, kind ORDER BY pair, period, kind
    """
    return sql, params


def summarize(db: Database, by: str = "year", where: Filter | None = None) -> Iterator[SummaryRow]:
    """Counts and USD totals per pair, period and kind, computed by SQLite.

    Money of pledged, reported, alleged, denied or cancelled records goes to
    ``uncounted_usd``, never to ``amount_usd``.
    """
    sql, params = summary_sql(by, where)
    for row in db.conn.execute(sql, params):
        yield SummaryRow(*row)

"""Finding records: filters, ordered id lists, table pages, pairs and periods in SQL."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from sqlite_utils import Database

from bilateral.db import countries, dates, involving, records
from bilateral.db.claims import OPEN_STATUS
from bilateral.db.errors import BilateralError
from bilateral.db.parties import PartyTable
from bilateral.db.periods import PERIOD_SQL, PERIODS
from bilateral.db.schema import STATUSES

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
    # Only the table's listing folds (ordered_sql): where() and parts() never do, so
    # the summary, the timeline and exports keep counting every record.
    fold_parts: bool = False
    # A pair view also holds the records in which one side acts through an organisation
    # it was a member of at the time (db.involving).
    through_membership: bool = False
    # The database's parties, when the pair may name them besides countries.
    parties: PartyTable | None = field(default=None, compare=False, repr=False)

    def where(self) -> tuple[str, list]:
        """The SQL condition and its parameters; raises FilterError on bad values.

        A record is in the since/until range when its span overlaps it: a partial date
        covers its whole year or month, ``end_date`` extends it, and a record in force
        with no end date lasts until today.
        """
        clauses, params = self._clauses()
        if self.since:
            earlier, earlier_params = self._earlier()
            clauses.append(f"(date >= ? OR id IN ({earlier}))")
            params = [*params, self.since, *earlier_params]
        return (" AND ".join(clauses) or "1"), params

    def parts(self) -> list[tuple[str, list]]:
        """``where()`` as disjoint conditions (one, or two with since) that together give it.

        The first keeps records dated from ``since`` on, a range of the date indexes;
        the second the few that started earlier and reach it. A listing that unites the
        two reads only the range, where ``where()`` alone would scan every earlier date.
        """
        clauses, params = self._clauses()
        if not self.since:
            return [(" AND ".join(clauses) or "1", params)]
        earlier, earlier_params = self._earlier()
        return [
            (" AND ".join([*clauses, "date >= ?"]), [*params, self.since]),
            (" AND ".join([*clauses, f"id IN ({earlier})"]), [*params, *earlier_params]),
        ]

    def fold_clause(self) -> tuple[str, list]:
        """A condition on ``records`` that leaves out a record which is part of another
        record matching the filter: the part shows folded under its trip.

        Probed per row through the links' (record_id, relation, target_uid) index: for a
        first page (``listing.first_ids``); a whole listing drops its parts in list_result.
        Inside the subquery the filter's bare column names are the parent's (``p``),
        the innermost table that has them.
        """
        condition, params = self.where()
        return (
            "NOT EXISTS (SELECT 1 FROM links AS l JOIN records AS p ON p.uid = l.target_uid "
            f"WHERE l.record_id = records.id AND l.relation = 'part-of' AND ({condition}))"
        ), params

    def pair_clause(self) -> tuple[str, list]:
        """The condition for the pair's view: its own records, the records with it among
        their other parties, and with ``through_membership`` those through organisations.

        A pair of one party ('Cuba') is that party's view: every record it is in.
        """
        view = parse_view(self.pair, self.parties)
        if "-" not in view:
            return involving.party_clause(view, self.through_membership)
        known = None if self.parties is None else self.parties.other_pairs()
        return involving.pair_clause(view, self.through_membership, known)

    def _clauses(self) -> tuple[list[str], list]:
        """Every condition but since's, with their parameters."""
        clauses, params = [], []
        if self.pair:
            clause, pair_params = self.pair_clause()
            clauses.append(clause)
            params += pair_params
        if self.kinds:
            clauses.append(f"kind IN ({', '.join('?' * len(self.kinds))})")
            params += self.kinds
        for name, value in (("since", self.since), ("until", self.until)):
            if value:
                try:
                    dates.parse(value)
                except dates.PartialDateError as error:
                    raise FilterError(f"--{name} {value!r}: {error}") from None
        if self.until:
            # The span starts by the end of ``until``: a partial date sorts before its days.
            clauses.append("date < ?")
            params.append(dates.upper_bound(self.until))
        if self.statuses:
            unknown = [s for s in self.statuses if s not in STATUSES]
            if unknown:
                raise FilterError(
                    f"unknown status {unknown[0]!r}: use one of {', '.join(STATUSES)}"
                )
            clauses.append(f"status IN ({', '.join('?' * len(self.statuses))})")
            params += self.statuses
        match = fts_query(self.text)
        if match:
            clauses.append("id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
            params.append(match)
        return clauses, params

    def _earlier(self) -> tuple[str, list]:
        """A query of the records dated before ``since`` whose span still reaches it: a
        coarser date that holds it ('2021' for 2021-03-15), or a lasting record that ends
        on or after it or is in force with no end date.

        Partial dates sort before their days, and ``end || '~'`` sorts after every day
        ``end`` covers, so string comparisons are exact at any precision. The lasting
        records come from the small records_lasting index.
        """
        since = self.since
        # Narrowed by pair and kinds only (the caller applies every clause again), and
        # with '+kind' and '+date' so that SQLite reads records_lasting, which leads
        # with pair and kind, rather than a kind or date range over every record.
        narrowed, narrowed_params = "", []
        if self.pair:
            clause, narrowed_params = self.pair_clause()
            narrowed = f" AND {clause}"
        if self.kinds:
            narrowed += f" AND +kind IN ({', '.join('?' * len(self.kinds))})"
            narrowed_params += self.kinds
        earlier = (
            f"SELECT id FROM records WHERE (end_date IS NOT NULL OR status = '{OPEN_STATUS}') "
            f"AND +date < ? AND (end_date IS NULL OR end_date || '~' >= ?){narrowed}"
        )
        earlier_params = [since, since, *narrowed_params]
        coarser = [since[:n] for n in (4, 7) if len(since) > n]
        if coarser:
            earlier += (
                f" UNION ALL SELECT id FROM records WHERE date IN ({', '.join('?' * len(coarser))})"
                f" AND end_date IS NULL{narrowed}"
            )
            earlier_params += [*coarser, *narrowed_params]
        return earlier, earlier_params


def check_kinds(db: Database, where: Filter) -> None:
    """Refuse a filter on a kind the database does not know: it would only find nothing.

    :raises FilterError: naming the known kinds.
    """
    known = {kind.name for kind in records.list_kinds(db)}
    unknown = [k for k in where.kinds if k not in known]
    if unknown:
        raise FilterError(
            f"unknown kind {unknown[0]!r}: use one of {', '.join(sorted(known))}"
            " (bilateral kinds lists them)"
        )


def parse_pair(text: str, parties: PartyTable | None = None) -> str:
    """Turn 'cub-chn', 'CHN CUB', 'RU-CU' or 'Russia, Cuba' into the canonical pair 'CHN-CUB'.

    Countries may be codes or names (see db.countries), separated by -, /, , or spaces.

    With ``parties`` (the database's), either side may be a party: 'CUB-BRICS'.

    :raises FilterError: when the text is not two different countries, saying why.
    """
    try:
        if parties is None:
            codes = countries.parse_pair(text)
        else:
            codes = countries.parse_pair(text, parties.resolve, parties.label, parties.unknown)
    except countries.PairError as error:
        raise FilterError(str(error)) from None
    return "-".join(sorted(codes))


def parse_view(text: str, parties: PartyTable | None = None) -> str:
    """A pair as ``parse_pair`` reads it ('CHN-CUB'), or one party alone ('Cuba', 'CUB' ->
    'CUB'), whose view holds every record it is in.

    :raises FilterError: when the text is neither, saying why.
    """
    try:
        return parse_pair(text, parties)
    except FilterError:
        text = text.strip()
        resolve, unknown = (
            (countries.resolve, countries.unknown)
            if parties is None
            else (parties.resolve, parties.unknown)
        )
        if code := resolve(text):
            return code
        if text and not re.search(r"[-/,–—\s]", text):  # one word: meant as one party
            raise FilterError(unknown(text)) from None
        raise


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
    return list_result(db, where, sort, descending)[0]


def list_result(
    db: Database, where: Filter | None = None, sort: str = "date", descending: bool = False
) -> tuple[list[int], int]:
    """``list_ids``, and how many matching records were folded out of it (``fold_parts``).

    The folded ones are taken out here rather than by ``fold_clause``: probing the links
    for every row of a large result costs several times the listing itself, where the
    part-of links are read once, and a parent matches the filter when the result holds it.
    """
    where = where or Filter()
    sql, params = ordered_sql(replace(where, fold_parts=False), sort, descending)
    ids = [row[0] for row in db.conn.execute(sql, params)]
    if not where.fold_parts:
        return ids, 0
    sql = (
        "SELECT l.record_id, p.id FROM links AS l JOIN records AS p ON p.uid = l.target_uid "
        "WHERE l.relation = 'part-of'"
    )
    parts_of = db.conn.execute(sql).fetchall()
    if not parts_of:
        return ids, 0
    parents = {parent for _, parent in parts_of}
    shown = {record_id for record_id in ids if record_id in parents}
    folded = {part for part, parent in parts_of if parent in shown}
    kept = [record_id for record_id in ids if record_id not in folded]
    return kept, len(ids) - len(kept)


def ordered_sql(
    where: Filter, sort: str = "date", descending: bool = False, first_hint: str = ""
) -> tuple[str, list]:
    """SQL whose first column is the matching ids in display order (ties broken by id).

    :param first_hint: an INDEXED BY clause for the records dated from ``since`` on.
    """
    direction = " DESC" if descending else ""
    # Ties go the same way as the sort, so that the date index serves both directions.
    order = f"{SORT_COLUMNS[sort]}{direction}, id{direction}"
    parts = where.parts()
    if where.fold_parts:
        fold, fold_params = where.fold_clause()
        parts = [
            (f"{condition} AND {fold}", [*params, *fold_params]) for condition, params in parts
        ]
    if len(parts) == 1:
        condition, params = parts[0]
        return f"SELECT id FROM records {first_hint} WHERE {condition} ORDER BY {order}", params
    # Both parts sorted and merged: the range in index order, the few earlier ones apart.
    (first, first_params), (rest, rest_params) = parts
    key = SORT_COLUMNS[sort]
    sql = (
        f"SELECT id, {key} AS sort_key FROM records {first_hint} WHERE {first} UNION ALL "
        f"SELECT id, {key} FROM records WHERE {rest} ORDER BY sort_key{direction}, id{direction}"
    )
    return sql, [*first_params, *rest_params]


def count(db: Database, where: Filter | None = None) -> int:
    """How many records match."""
    total = 0
    for condition, params in (where or Filter()).parts():
        sql = f"SELECT count(*) FROM records WHERE {condition}"
        total += db.conn.execute(sql, params).fetchone()[0]
    return total


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


def list_pairs(db: Database, where: Filter | None = None) -> list[tuple[str, int]]:
    """Every pair with its record count, most records first.

    A pair that records involve through their other parties is there too, and counts
    them: each pair's count is the number of records its view holds. With ``where``
    a pair counts only the records its view would show under that filter (its own
    pair ignored); the pairs and their order stay those of every record, so a list
    of them does not reorder as the filter changes.
    """
    condition, params = pair_filter(where).where() if where is not None else ("1", [])
    if condition == "1":  # no filter but the pair: every record counts
        condition = ""
    counted = f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)" if condition else "count(*)"
    sql = f"SELECT pair, count(*), {counted} FROM records GROUP BY pair"
    totals, counts = {}, {}
    for pair, total, n in db.conn.execute(sql, params):
        totals[pair], counts[pair] = total, n
    for pair, n in involving.other_pairs(db).items():
        totals[pair] = totals.get(pair, 0) + n
    if condition:
        for pair, n in involving.other_pairs(db, condition, params).items():
            counts[pair] = counts.get(pair, 0) + n
    else:
        counts = totals
    order = sorted(totals, key=lambda pair: (-totals[pair], pair))
    return [(pair, counts.get(pair, 0)) for pair in order]


def pair_filter(where: Filter) -> Filter:
    """``where`` for counting per pair: its pair and the table's folding left out."""
    return replace(where, pair="", fold_parts=False, through_membership=False)


def period_sql(by: str) -> str:
    """SQL for the period a record falls in; a date coarser than the period keeps its own."""
    if by not in PERIODS:
        raise FilterError(f"--by must be one of {', '.join(PERIODS)}")
    return PERIOD_SQL[by]

"""Reading the kept totals (db.totals): the summary's rows and CSV lines, in SQL."""

from __future__ import annotations

import re

from sqlite_utils import Database

from bilateral.db.totals import TABLE, exists

# A pair's two codes in order ('CHN-CUB': CHN, CUB), in SQL.
PAIR_FIRST_SQL = "substr(pair, 1, instr(pair, '-') - 1)"
PAIR_SECOND_SQL = "substr(pair, instr(pair, '-') + 1)"

# Cents below this (4.5 * 10^15) are dollars whose shortest repr is their decimal
# digits: doubles there lie closer than a cent. Larger sums are left to Python.
EXACT_CENTS = 4.5e15


def _dollars_sql(cents: str) -> str:
    """SQL writing whole, non-negative ``cents`` as ``format_number(cents / 100)`` does:
    '12', '12.5', '12.34' (below EXACT_CENTS)."""
    whole = f"CAST({cents} AS INTEGER)"
    # Most sums are 0; substr(100 + 5, 2) is '05'.
    return (
        f"CASE WHEN {cents} = 0 THEN '0' WHEN {whole} % 100 = 0 THEN CAST({whole} / 100 AS TEXT) "
        f"ELSE ({whole} / 100) || '.' || rtrim(substr(100 + {whole} % 100, 2), '0') END"
    )


def summary_sql(grain: str, kinds: int = 0, part: str = "rows", odd_kinds: int = 0) -> str:
    """The summary's rows of ``grain`` read from the totals, links not yet counted, in
    the summary's order; ``kinds`` placeholders (first) narrow them to kinds.

    :param part: 'rows': SummaryRow's columns for the pairs strictly between two
        placeholders, leaving out rows in which nothing counts; 'lines': the same rows
        as the summary CSV's lines, but those with EXACT_CENTS or more; 'one': the rows
        of the pair one placeholder names, every row, the money in cents, ``side`` after.
    :param odd_kinds: for 'lines', how many (kind, cell) pairs of placeholders come
        first: the kinds whose CSV cell is not their name (``summary._kind_cells``).
    """
    first, second = PAIR_FIRST_SQL, PAIR_SECOND_SQL
    narrowed = f" AND kind IN ({', '.join('?' * kinds)})" if kinds else ""
    money = ["usd_cents / 100.0", "uncounted_cents / 100.0"]
    if part == "one":
        narrowed += " AND pair = ?"
        money = ["usd_cents", "uncounted_cents"]
    else:
        narrowed += " AND pair > ? AND pair < ?"
        narrowed += " AND (records OR claimed OR disputed OR usd_cents OR uncounted_cents)"
    kind, odd = "kind", ""
    if part == "lines":
        narrowed += f" AND usd_cents < {EXACT_CENTS} AND uncounted_cents < {EXACT_CENTS}"
        narrowed += " AND usd_cents >= 0 AND uncounted_cents >= 0"
        money = [_dollars_sql("usd_cents"), _dollars_sql("uncounted_cents")]
        if odd_kinds:
            pairs = ", ".join("(?, ?)" for _ in range(odd_kinds))
            odd = f"WITH odd(name, cell) AS (VALUES {pairs}) "
            kind = "coalesce((SELECT cell FROM odd WHERE name = kind), kind)"
    # The sides as summary._who() names them; money from cents as summarize() divides it.
    cells = [
        "pair",
        "period",
        kind,
        f"CASE side WHEN 1 THEN {second} ELSE {first} END",
        f"CASE side WHEN 1 THEN {first} ELSE {second} END",
        "CASE side WHEN 2 THEN 'mutual' ELSE 'one-way' END",
    ]
    if part == "lines":
        # Actor, partner and direction in one: the pair's codes in order unless the
        # second gives (1 M records: 13 % less than splitting every pair).
        cells[3:6] = [
            f"CASE side WHEN 1 THEN {second} || ',' || {first} || ',one-way' "
            "WHEN 0 THEN replace(pair, '-', ',') || ',one-way' "
            "ELSE replace(pair, '-', ',') || ',mutual' END"
        ]
    cells += [
        "records",
        "claimed",
        "disputed",
        *money,
        "first_date",
        "CASE WHEN open_count THEN '' ELSE rtrim(max(last_key, end_key), '~') END",
    ]
    if part == "lines":
        selected = " || ',' || ".join(cells) + " || char(13, 10)"
    else:
        selected = ", ".join(cells) + (", side" if part == "one" else "")
    return f"""
        {odd}SELECT {selected}
        FROM {TABLE} WHERE grain = '{grain}'{narrowed}
        ORDER BY pair, period, kind, side
    """


def large_pairs(db: Database, grain: str) -> list[str]:
    """The pairs of ``grain`` with sums of EXACT_CENTS or more (or below 0, which no sum
    of amounts is), which Python writes."""
    return [
        pair
        for (pair,) in db.conn.execute(
            f"SELECT DISTINCT pair FROM {TABLE} WHERE grain = ? "
            f"AND (usd_cents >= {EXACT_CENTS} OR uncounted_cents >= {EXACT_CENTS} "
            "OR usd_cents < 0 OR uncounted_cents < 0)",
            (grain,),
        )
    ]


# A records condition that narrows by the stored pair and by kinds at most, which the
# totals (with the same column names) answer as they are.
_PLAIN = re.compile(r"(1|pair = \?)?( AND )?(kind IN \(\?(, \?)*\))?")


def answers(db: Database, condition: str) -> bool:
    """Whether the kept totals give what ``condition`` on the records gives."""
    plain = _PLAIN.fullmatch(condition)
    return bool(plain and condition and exists(db))


def activity_sql(condition: str) -> str:
    """The timeline's events that happened per year and kind, from the totals: what its
    GROUP BY over the records gives for ``condition`` (which ``answers``), links aside."""
    return (
        f"SELECT '' AS p, period, kind, sum(records) FROM {TABLE} "
        f"WHERE grain = 'year' AND {condition} GROUP BY period, kind "
        "HAVING sum(records) > 0 ORDER BY period, kind"
    )


def kind_counts_sql(condition: str) -> str:
    """The events that happened per kind over each pair's whole span, for ``condition``
    (which ``answers``): a FROM … WHERE part selecting ``kind`` and ``n``, links aside."""
    return f"sum(records) AS n FROM {TABLE} WHERE grain = 'all' AND {condition}"


def extent_sql(condition: str) -> str:
    """The record count, first date, last key (the latest date and '~'), end key and
    number in force with no end, over each pair's whole span, for ``condition``
    (which ``answers``)."""
    return (
        "SELECT coalesce(sum(row_count), 0), min(first_date), max(last_key), max(end_key), "
        f"coalesce(sum(open_count), 0) FROM {TABLE} WHERE grain = 'all' AND {condition}"
    )

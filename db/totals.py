"""The summary's totals kept per pair, period, kind and side, in the same transaction as each write.

A summary of every pair reads one row a group from ``summary_totals`` instead of
grouping a million records (1 M records: about 0.2 s against 2.8 s). Triggers keep it:
an insert adds the record's share to its group in each grain (GRAINS), a delete takes it away
(dropping a group left empty, finding the group's first and last dates again when the
record held one of them), an update does both. The shares are SQLite's plain counts,
without links: ``db.summary`` corrects the few records links touch, as for its own
query. Money is kept in whole cents, summed as integers are, so the totals equal a
fresh ``GROUP BY`` exactly, in whatever order records came and went.

An import sums its new records in one statement at the end (``add_from``): while the
bulk flag holds the import's first new id, the triggers leave records from that id on
alone, and a group an updated record leaves merely gets marked ``stale`` (its dates
are found again at the end, when the indexes are back).

Any migration that rebuilds the records table must create the triggers again
(``create_triggers``): SQLite drops a table's triggers with it.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

from bilateral.db.claims import HAPPENED, OPEN_STATUS, VOID
from bilateral.db.indexes import SIDE_SQL
from bilateral.db.periods import PERIOD_SQL
from bilateral.db.rebuild import sql_list

TABLE = "summary_totals"
# The periods kept: a year, the default, and the whole span. Quarters and months would
# cost an import of a million records about 13 s more (two more sorts of every record)
# for summaries that the plain query gives in about 3 s.
GRAINS = ("year", "all")
# The setting an import raises inside its own transaction (no other connection ever
# sees it), holding its first new id: the search index's and these triggers skip its
# records, which it indexes and sums at its end (db.bulk).
BULK_FLAG = "bulk_import"
# Money in whole cents, rounded as SQLite rounds: db.summary sums the same expression.
CENTS_SQL = "round(amount_usd * 100)"
# What one record adds to its group, in the table's order after row_count: events
# that happened, claims, disputed claims, counted and uncounted money.
SHARE_SQL = (
    f"claim_status IN ({sql_list(HAPPENED)})",
    "claim_status = 'claimed'",
    "claim_status = 'disputed'",
    f"coalesce(CASE WHEN counts THEN {CENTS_SQL} END, 0)",
    f"coalesce(CASE WHEN NOT counts AND claim_status NOT IN ({sql_list(VOID)}) "
    f"THEN {CENTS_SQL} END, 0)",
)
COUNTED = ("records", "claimed", "disputed", "usd_cents", "uncounted_cents")
KEY = ("grain", "pair", "period", "kind", "side")
# The columns whose change moves a record's share: the generated pair and counts
# follow from them.
WATCHED = ("actor", "partner", "direction", "kind", "date", "end_date", "amount_usd")
WATCHED += ("status", "claim_status")
# The lasting records' ends: the latest end date ('~' after it, '' for none) and how many
# are in force with no end date, so that the summary's last_date needs no other query.
LASTING_SQL = ("coalesce(end_date || '~', '')", f"end_date IS NULL AND status = '{OPEN_STATUS}'")
ENDS = ("end_key", "open_count")

_COLUMN = re.compile(
    r"\b(pair|kind|date|end_date|direction|actor|partner|counts|claim_status|amount_usd"
    r"|status|id)\b"
)


def _of(sql: str, row: str) -> str:
    """``sql`` over the records table's columns, made to read them from ``row`` (new, old)."""
    return _COLUMN.sub(lambda m: f"{row}.{m.group(1)}", sql)


def create_table(db: Database) -> None:
    """Create the totals table and its triggers, and fill it from the records."""
    db.conn.execute(
        f"""
        CREATE TABLE {TABLE} (
            grain TEXT NOT NULL, pair TEXT NOT NULL, period TEXT NOT NULL,
            kind TEXT NOT NULL, side INTEGER NOT NULL,
            row_count INTEGER NOT NULL,
            records INTEGER NOT NULL, claimed INTEGER NOT NULL, disputed INTEGER NOT NULL,
            usd_cents REAL NOT NULL, uncounted_cents REAL NOT NULL,
            first_date TEXT NOT NULL, last_key TEXT NOT NULL,
            end_key TEXT NOT NULL, open_count INTEGER NOT NULL,
            stale INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY ({", ".join(KEY)})
        ) WITHOUT ROWID, STRICT
        """
    )
    create_triggers(db)
    rebuild(db)


def _columns() -> str:
    """The table's columns but ``stale``, in order."""
    return f"{', '.join(KEY)}, row_count, {', '.join(COUNTED)}, first_date, last_key, {', '.join(ENDS)}"


# What an upsert does with a group that exists: add the counts, widen the dates.
_MERGED = ", ".join(
    [
        *(f"{c} = {c} + excluded.{c}" for c in ("row_count", *COUNTED, "open_count")),
        "first_date = min(first_date, excluded.first_date)",
        "last_key = max(last_key, excluded.last_key)",
        "end_key = max(end_key, excluded.end_key)",
    ]
)


def _skipped(row: str) -> str:
    """True for a record an import in progress sums itself at its end."""
    return (
        f"EXISTS (SELECT 1 FROM settings WHERE key = '{BULK_FLAG}' "
        f"AND CAST(value AS INTEGER) <= {row}.id)"
    )


def _group(grain: str, row: str) -> str:
    """The WHERE condition of ``row``'s group in ``grain``."""
    return (
        f"grain = '{grain}' AND pair = {row}.pair AND period = {_of(PERIOD_SQL[grain], row)} "
        f"AND kind = {row}.kind AND side = {_of(SIDE_SQL, row)}"
    )


def _add(row: str) -> str:
    """Statements adding ``row``'s share to its group in every grain."""
    share = ", ".join(_of(sql, row) for sql in SHARE_SQL)
    ends = ", ".join(_of(sql, row) for sql in LASTING_SQL)
    return "\n".join(
        f"""
        INSERT INTO {TABLE} ({_columns()})
        VALUES ('{grain}', {row}.pair, {_of(PERIOD_SQL[grain], row)}, {row}.kind,
                {_of(SIDE_SQL, row)}, 1, {share}, {row}.date, {row}.date || '~', {ends})
        ON CONFLICT DO UPDATE SET {_MERGED};
        """
        for grain in GRAINS
    )


def _found_again(grain: str, row: str) -> str:
    """SET assignments finding ``row``'s group's first date, last key and end key again.

    A period lies inside a year, so the group is an equality prefix of records_pair_year
    (pair, year, kind, side, date); the whole span ('all') comes from the year totals.
    """
    if grain == "all":
        group = (
            f"grain = 'year' AND pair = {row}.pair AND kind = {row}.kind "
            f"AND side = {_of(SIDE_SQL, row)}"
        )
        found = {"first_date": "min(first_date)", "last_key": "max(last_key)"}
        found["end_key"] = "max(end_key)"
        source = TABLE
    else:
        period = PERIOD_SQL[grain]
        group = (
            f"pair = {row}.pair AND substr(date, 1, 4) = substr({row}.date, 1, 4) "
            f"AND kind = {row}.kind AND ({SIDE_SQL}) = {_of(SIDE_SQL, row)}"
        )
        if grain != "year":
            group += f" AND {period} = {_of(period, row)}"
        found = {"first_date": "min(date)", "last_key": "max(date || '~')"}
        found["end_key"] = "coalesce(max(end_date || '~'), '')"
        source = "records"
    return ", ".join(f"{c} = (SELECT {e} FROM {source} WHERE {group})" for c, e in found.items())


def _take(row: str) -> str:
    """Statements taking ``row``'s share from its group in every grain (the year before
    the whole span, whose dates come from the years)."""
    shares = zip((*COUNTED, "open_count"), (*SHARE_SQL, LASTING_SQL[1]), strict=True)
    taken = ", ".join(f"{c} = {c} - ({_of(sql, row)})" for c, sql in shares)
    edge = (
        f"(first_date = {row}.date OR last_key = {row}.date || '~' "
        f"OR ({row}.end_date IS NOT NULL AND end_key = {row}.end_date || '~'))"
    )
    bulk = f"EXISTS (SELECT 1 FROM settings WHERE key = '{BULK_FLAG}')"
    statements = []
    for grain in GRAINS:  # the year first: the whole span's dates come from the years
        group = _group(grain, row)
        statements += [
            f"UPDATE {TABLE} SET row_count = row_count - 1, {taken} WHERE {group};",
            f"DELETE FROM {TABLE} WHERE {group} AND row_count = 0;",
            # During an import the indexes may be gone: the dates are found at its end.
            f"UPDATE {TABLE} SET stale = 1 WHERE {group} AND {edge} AND {bulk};",
            f"UPDATE {TABLE} SET {_found_again(grain, row)} WHERE {group} AND {edge} AND NOT {bulk};",
        ]
    return "\n".join(statements)


def create_triggers(db: Database) -> None:
    """The triggers that keep the totals with every insert, delete and update of a record."""
    for name in ("insert", "delete", "update"):
        db.conn.execute(f"DROP TRIGGER IF EXISTS records_totals_{name}")
    db.conn.execute(
        f"""
        CREATE TRIGGER records_totals_insert AFTER INSERT ON records
        WHEN NOT {_skipped("new")} BEGIN {_add("new")} END
        """
    )
    db.conn.execute(
        f"""
        CREATE TRIGGER records_totals_delete AFTER DELETE ON records
        WHEN NOT {_skipped("old")} BEGIN {_take("old")} END
        """
    )
    db.conn.execute(
        f"""
        CREATE TRIGGER records_totals_update AFTER UPDATE OF {", ".join(WATCHED)} ON records
        WHEN NOT {_skipped("new")} BEGIN {_take("old")} {_add("new")} END
        """
    )


def _sums(grain: str, condition: str, source: str = "records", ends: bool = True) -> str:
    """A SELECT of the totals' rows (``_columns()``) of the records meeting ``condition``,
    in ``grain``, read from ``source``; without ``ends`` the lasting ends are left for
    ``_ends`` (records_pair_year, which a large import reads, does not hold them)."""
    share = ", ".join(f"sum({sql})" for sql in SHARE_SQL)
    lasting = f"max({LASTING_SQL[0]}), sum({LASTING_SQL[1]})" if ends else "'', 0"
    return f"""
        SELECT '{grain}', pair, {PERIOD_SQL[grain]}, kind, {SIDE_SQL}, count(*), {share},
               min(date), max(date || '~'), {lasting}
        FROM {source} WHERE {condition}
        GROUP BY pair, 3, kind, 5
    """


def _ends(grain: str, condition: str) -> str:
    """An upsert adding the lasting ends of the records meeting ``condition`` to their
    groups, which exist: read off the small records_lasting index."""
    lasting = f"max({LASTING_SQL[0]}), sum({LASTING_SQL[1]})"
    zeros = ", ".join("0" for _ in ("row_count", *COUNTED))
    return f"""
        INSERT INTO {TABLE} ({_columns()})
        SELECT '{grain}', pair, {PERIOD_SQL[grain]}, kind, {SIDE_SQL}, {zeros}, '', '', {lasting}
        FROM records WHERE ({condition}) AND (end_date IS NOT NULL OR status = '{OPEN_STATUS}')
        GROUP BY pair, 3, kind, 5
        ON CONFLICT DO UPDATE SET end_key = max(end_key, excluded.end_key),
            open_count = open_count + excluded.open_count
    """


def _spans(pairs: str) -> list[str]:
    """Statements making the whole span ('all') of the pairs ``pairs`` (a SELECT of
    them) again from their years."""
    sums = ", ".join(f"sum({c})" for c in ("row_count", *COUNTED))
    return [
        f"DELETE FROM {TABLE} WHERE grain = 'all' AND pair IN ({pairs})",
        f"""
        INSERT INTO {TABLE} ({_columns()})
        SELECT 'all', pair, 'all', kind, side, {sums}, min(first_date), max(last_key),
               max(end_key), sum(open_count)
        FROM {TABLE} WHERE grain = 'year' AND pair IN ({pairs})
        GROUP BY pair, kind, side
        """,
    ]


def fill_sql() -> list[str]:
    """The statements filling the empty totals from every record."""
    # WHERE true: an upsert after a SELECT needs it, or SQLite reads ON as a join's.
    return [
        f"INSERT INTO {TABLE} ({_columns()}) {_sums('year', '1', ends=False)}",
        _ends("year", "1"),
        *_spans(f"SELECT DISTINCT pair FROM {TABLE} WHERE grain = 'year'"),
    ]


def rebuild(db: Database) -> None:
    """Fill the totals afresh from the records, inside the caller's transaction."""
    db.conn.execute(f"DELETE FROM {TABLE}")
    for sql in fill_sql():
        db.conn.execute(sql)


def add_from(db: Database, first_id: int) -> None:
    """Add the records from ``first_id`` on, which an import skipped, and find again the
    dates of the groups it left stale; inside the import's transaction, with the indexes
    built again."""
    (new,) = db.conn.execute("SELECT count(*) FROM records WHERE id >= ?", (first_id,)).fetchone()
    if not new:
        refresh_stale(db)
        return
    (stored,) = db.conn.execute("SELECT count(*) FROM records").fetchone()
    # Most of the file new: read records_pair_year whole, in the groups' order (1 M
    # records: 2.6 s). A few: their rowid range, sorted (NOT INDEXED keeps SQLite from
    # walking the whole index for them).
    source = "records" if 2 * new >= stored else "records NOT INDEXED"
    db.conn.execute(
        f"""
        INSERT INTO {TABLE} ({_columns()})
        SELECT * FROM ({_sums("year", "id >= ?", source, ends=False)}) WHERE true
        ON CONFLICT DO UPDATE SET {_MERGED}
        """,
        (first_id,),
    )
    db.conn.execute(_ends("year", "id >= ?"), (first_id,))
    refresh_stale(db, "year")
    # The whole span of each pair the import touched, from its years: a fraction of
    # the records to sort.
    for sql in _spans("SELECT pair FROM records NOT INDEXED WHERE id >= ?"):
        db.conn.execute(sql, (first_id,))
    refresh_stale(db, "all")


def refresh_stale(db: Database, grain: str | None = None) -> None:
    """Find again the first date, last key and end key of the groups marked stale, of
    ``grain`` or of every grain (the whole spans' from the years, once these are right)."""
    key = "grain = ? AND pair = ? AND period = ? AND kind = ? AND side = ?"
    for each in GRAINS if grain is None else (grain,):
        stale = db.conn.execute(
            f"SELECT {', '.join(KEY)} FROM {TABLE} WHERE stale AND grain = ?", (each,)
        )
        for _, pair, period, kind, side in stale.fetchall():
            if each == "all":
                source = f"SELECT min(first_date), max(last_key), max(end_key) FROM {TABLE} "
                source += "WHERE grain = 'year' AND pair = ? AND kind = ? AND side = ?"
                found = (pair, kind, side)
            else:
                source = "SELECT min(date), max(date || '~'), "
                source += "coalesce(max(end_date || '~'), '') FROM records WHERE pair = ? "
                source += f"AND kind = ? AND {SIDE_SQL} = ? AND {PERIOD_SQL[each]} = ?"
                found = (pair, kind, side, period)
            dates = db.conn.execute(source, found).fetchone()
            db.conn.execute(
                f"UPDATE {TABLE} SET first_date = ?, last_key = ?, end_key = ?, stale = 0 "
                f"WHERE {key}",
                (*dates, each, pair, period, kind, side),
            )


def differences(db: Database) -> int:
    """How many groups the kept totals hold otherwise than the records give them (0 when
    right): ``bilateral check``'s test, since another program may write to the file with
    the triggers dropped."""
    kept = f"SELECT {_columns()} FROM {TABLE}"
    fresh = " UNION ALL ".join(_sums(grain, "1") for grain in GRAINS)
    (count,) = db.conn.execute(
        f"SELECT (SELECT count(*) FROM ({kept} EXCEPT SELECT * FROM ({fresh}))) "
        f"+ (SELECT count(*) FROM (SELECT * FROM ({fresh}) EXCEPT {kept}))"
    ).fetchone()
    return count


def exists(db: Database) -> bool:
    """Whether the file keeps totals (a file not yet migrated does not)."""
    return (
        db.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
        ).fetchone()
        is not None
    )

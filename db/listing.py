"""The first page of a listing, fast even when the whole result is large."""

from __future__ import annotations

from sqlite_utils import Database

from bilateral.db.query import Filter, fts_query, ordered_sql

# A text search matching more records than this has its first page found by
# walking the date index and keeping matches, which stops after one page; a
# rarer word is faster found and sorted directly.
DENSE_MATCHES = 2000
PAGE = 100


def _match_count(db: Database, text: str) -> int:
    match = fts_query(text)
    if not match:
        return 0
    sql = "SELECT count(*) FROM records_fts WHERE records_fts MATCH ?"
    return db.conn.execute(sql, (match,)).fetchone()[0]


def first_ids(
    db: Database, where: Filter, sort: str = "date", descending: bool = False, limit: int = PAGE
) -> list[int]:
    """The first ``limit`` ids of ``query.list_ids`` with the same arguments.

    Shown while the whole ordered list loads, so a search answers at once.
    """
    hint = ""
    if sort == "date" and _match_count(db, where.text) > DENSE_MATCHES:
        hint = "INDEXED BY records_date"
    sql, params = ordered_sql(where, sort, descending, hint)
    return [row[0] for row in db.conn.execute(f"{sql} LIMIT ?", [*params, limit])]

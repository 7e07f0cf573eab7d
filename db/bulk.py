"""Loading many records at once: the search index built in one go, secondary indexes rebuilt."""

from __future__ import annotations

from sqlite_utils import Database

from bilateral.db.schema import BULK_FLAG, NAMES_SQL, QUOTES_SQL


def begin_bulk_insert(db: Database, first_id: int) -> None:
    """Stop indexing inserted records one by one, and summing those from ``first_id`` on
    into the totals (db.totals); call inside the import's transaction."""
    db.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (BULK_FLAG, str(first_id)))


def end_bulk_insert(db: Database, first_id: int) -> None:
    """Index every record from ``first_id`` on in one statement and lower the flag."""
    db.conn.execute(
        "INSERT INTO records_fts (rowid, title, summary, quotes, participants) "
        f"SELECT id, title, summary, {QUOTES_SQL.format('records.id')}, {NAMES_SQL.format('records.id')} "
        "FROM records WHERE id >= ?",
        (first_id,),
    )
    db.conn.execute("DELETE FROM settings WHERE key = ?", (BULK_FLAG,))


# Indexes an import may drop and build again. A sorted build over every row costs a
# fraction of a million scattered inserts into B-trees far larger than the page cache
# (196 s for a 1 M import with them kept). The uid UNIQUE index stays: duplicates are
# found through it while rows go in.
SECONDARY_INDEXES = (
    "records_date",
    "records_pair_date",
    "records_kind_date",
    "records_pair_year",
    "records_lasting",
    "records_money",
    "records_actor",
    "records_partner",
)


def drop_secondary_indexes(db: Database) -> list[str]:
    """Drop the records' secondary indexes inside the caller's transaction; return their SQL."""
    marks = ", ".join("?" * len(SECONDARY_INDEXES))
    found = db.conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
        SECONDARY_INDEXES,
    ).fetchall()
    for name, _ in found:
        db.conn.execute(f"DROP INDEX {name}")
    return [sql for _, sql in found]


def create_indexes(db: Database, statements: list[str]) -> None:
    """Build again the indexes ``drop_secondary_indexes`` dropped."""
    for sql in statements:
        db.conn.execute(sql)


def refresh_statistics(db: Database) -> None:
    """Gather the planner's statistics after a bulk import, sampling so it stays cheap.

    Without them SQLite picks records_kind_date for kind-filtered timeline queries on
    a large database, which is about ten times slower than records_pair_date.
    """
    (limit,) = db.conn.execute("PRAGMA analysis_limit").fetchone()
    db.conn.execute("PRAGMA analysis_limit = 1000")
    try:
        db.conn.execute("ANALYZE")
    finally:
        db.conn.execute(f"PRAGMA analysis_limit = {int(limit)}")

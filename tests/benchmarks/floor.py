"""The no-Python floor: the same rows loaded into Bilateral's schema by the sqlite3 tool alone.

Outside the timed part, Python makes a fresh database with Bilateral's schema, splits the
list cells of the CSV into one CSV per list table (parsing ``;``/``|`` cells in SQL would
measure string functions, not loading), and the sqlite3 tool ``.import``s all of them into
staging tables. The timed part is one sqlite3 process running one transaction of
``INSERT … SELECT`` from the staging tables into the records, their list tables, the
import's batch and revisions, the full-text index, the indexes and the summary's
totals, as the import does.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from bilateral.db import totals
from bilateral.db.bulk import SECONDARY_INDEXES
from bilateral.db.cells import decode_items, restore
from bilateral.db.schema import BULK_FLAG, NAMES_SQL, QUOTES_SQL
from bilateral.db.store import open_database

if __package__:
    from . import measure
else:  # run as a script: its own folder is on sys.path
    import measure

# Each list table: its CSV column, its columns after (record_id, position), and how many
# values an item holds (shorter items are padded with '' as the importer does).
LISTS = {
    "sectors": ("sectors", ("sector",)),
    "participants": ("participants", ("name", "country", "role")),
    "sources": ("sources", ("publisher", "title", "url", "published", "quote")),
}
# Records' columns, and the SQL turning a staged text cell into the value the app stores.
_RECORD_VALUES = {
    "uid": "uid",
    "actor": "actor",
    "partner": "partner",
    "direction": "direction",
    "kind": "kind",
    "date": "date",
    "end_date": "nullif(end_date, '')",
    "title": "title",
    "summary": "summary",
    "location": "location",
    "amount": "CAST(nullif(amount, '') AS REAL)",
    "currency": "nullif(currency, '')",
    "amount_usd": "CAST(nullif(amount_usd, '') AS REAL)",
    "usd_basis": "nullif(usd_basis, '')",
    "status": "status",
    "claim_status": "claim_status",
    "claimed_by": "claimed_by",
    "terms_disclosed": "terms_disclosed <> 'no'",
    "cameo_code": "cameo_code",
    "quad_class": "CAST(nullif(quad_class, '') AS INTEGER)",
    "goldstein": "CAST(nullif(goldstein, '') AS REAL)",
    "created_at": "created_at",
    "updated_at": "updated_at",
}


def split_lists(csv_path: Path, folder: Path) -> dict[str, Path]:
    """Write one CSV per list table (record_id, position, values) from the records CSV.

    Record ids are the rows' numbers from 1, the ids a fresh database gives them.
    """
    paths = {table: folder / f"staged-{table}.csv" for table in LISTS}
    streams = {table: path.open("w", newline="", encoding="utf-8") for table, path in paths.items()}
    try:
        writers = {table: csv.writer(stream) for table, stream in streams.items()}
        for table, (_, columns) in LISTS.items():
            writers[table].writerow(("record_id", "position", *columns))
        with csv_path.open(newline="", encoding="utf-8") as stream:
            for record_id, row in enumerate(csv.DictReader(stream), 1):
                if row.get("links") or row.get("other_parties"):
                    raise ValueError("the floor stages no links or other parties")
                for table, (column, columns) in LISTS.items():
                    items = decode_items(restore(row[column]))
                    if table == "sectors":
                        items = [item for item in items if item[0]]
                    width = len(columns)
                    for position, item in enumerate(items):
                        values = (item + [""] * width)[:width]
                        writers[table].writerow((record_id, position, *values))
    finally:
        for stream in streams.values():
            stream.close()
    return paths


def _load_sql(index_sql: list[str], tables: list[str], at: str, file: str) -> str:
    """The timed script: one transaction filling every table from the staging tables."""
    columns = ", ".join(_RECORD_VALUES)
    values = ", ".join(_RECORD_VALUES.values())
    lists = []
    for table, (_, names) in LISTS.items():
        cast = ", ".join(names)
        lists.append(
            f"INSERT INTO {table} (record_id, position, {cast}) "
            f"SELECT CAST(record_id AS INTEGER), CAST(position AS INTEGER), {cast} "
            f"FROM staged_{table};"
        )
    drops = "\n".join(f"DROP INDEX IF EXISTS {name};" for name in SECONDARY_INDEXES)
    creates = "\n".join(f"{sql};" for sql in index_sql)
    # The import's ANALYZE, of Bilateral's tables only: the staging tables are not the app's.
    analyze = "\n".join(f"ANALYZE {table};" for table in tables)
    return f"""
PRAGMA foreign_keys = ON;
PRAGMA analysis_limit = 1000;
BEGIN;
INSERT INTO settings (key, value) VALUES ('{BULK_FLAG}', '1');
{drops}
INSERT INTO import_batches (at, file) VALUES ('{at}', '{file}');
{chr(10).join(lists)}
INSERT INTO records (id, {columns}) SELECT rowid, {values} FROM staged ORDER BY rowid;
INSERT INTO revisions (uid, number, at, operation, origin, batch_id, detail)
    SELECT uid, 1, '{at}', 'create', 'import', (SELECT max(id) FROM import_batches), '{file}'
    FROM records ORDER BY id;
UPDATE import_batches SET added = (SELECT count(*) FROM records),
    first_revision = (SELECT min(id) FROM revisions), last_revision = (SELECT max(id) FROM revisions)
    WHERE id = (SELECT max(id) FROM import_batches);
INSERT INTO records_fts (rowid, title, summary, quotes, participants)
    SELECT id, title, summary, {QUOTES_SQL.format("records.id")}, {NAMES_SQL.format("records.id")}
    FROM records;
{creates}
{chr(10).join(f"{sql};" for sql in totals.fill_sql())}
DELETE FROM settings WHERE key = '{BULK_FLAG}';
{analyze}
COMMIT;
"""


def prepare(csv_path: Path, db_path: Path, folder: Path) -> Path:
    """Make the fresh database with its staging tables; return the timed script's file."""
    open_database(measure.fresh(db_path)).conn.close()
    with sqlite3.connect(db_path) as conn:
        marks = ", ".join("?" * len(SECONDARY_INDEXES))
        index_sql = [
            sql
            for (sql,) in conn.execute(
                f"SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
                SECONDARY_INDEXES,
            )
        ]
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            )
        ]
        # The journal the tool's own .import writes to: a bare file's rollback journal.
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    staged = [f".import --csv {csv_path} staged"]
    staged += [
        f".import --csv {path} staged_{table}"
        for table, path in split_lists(csv_path, folder).items()
    ]
    measure.run_child([measure.sqlite_cli(), str(db_path), *staged])
    script = folder / "floor.sql"
    script.write_text(_load_sql(index_sql, tables, "2025-01-01T00:00:00Z", csv_path.name), "utf-8")
    return script


def cli_floor(csv_path: Path, db_path: Path, folder: Path) -> measure.Child:
    """The timed part alone: sqlite3 running the load script on the prepared database."""
    script = prepare(csv_path, db_path, folder)
    return measure.run_child([measure.sqlite_cli(), "-bail", str(db_path), f".read {script}"])

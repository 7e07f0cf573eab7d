"""A snapshot of the database for the browser: a copy with the summary's views, served read-only."""

from __future__ import annotations

import datetime
import json
from importlib import resources
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bilateral.db import counting, summary
from bilateral.db.connection import connect, write_transaction
from bilateral.db.query import PERIODS

# The table of what links change in each record's share, and the summary views over it.
CORRECTIONS = "link_corrections"
VIEWS = {by: f"summary_by_{by}" for by in PERIODS}
# The name Datasette gives the served file (its stem), which the metadata's keys use.
DATABASE = "bilateral"
METADATA = "serve_metadata.json"


def prepare_snapshot(db: Database, path: str | Path) -> str:
    """Copy ``db`` to ``path`` as it is now and add what the browser needs; return when
    the snapshot was taken (UTC, '2026-06-01T12:00:00Z').

    The copy gets the per-record corrections db.counting computes, the summary views
    (``summary_by_year`` …, the same rows as ``summary.summarize``) and a ``year``
    column on records to facet by. ``db`` itself is only read.
    """
    taken = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    # A consistent copy, whatever the app writes meanwhile; the served file is this copy.
    db.conn.execute("VACUUM INTO ?", (str(path),))
    copy = connect(path)
    try:
        with write_transaction(copy):
            _add_corrections(copy)
            for by, view in VIEWS.items():
                copy.conn.execute(f"CREATE VIEW {view} AS {summary.view_sql(by, CORRECTIONS)}")
            # Facets need a column: a virtual one costs no space and cannot drift.
            copy.conn.execute(
                "ALTER TABLE records ADD COLUMN year TEXT "
                "GENERATED ALWAYS AS (substr(date, 1, 4)) VIRTUAL"
            )
            copy.conn.execute(
                "CREATE TABLE snapshot (taken TEXT NOT NULL, source TEXT NOT NULL)",
            )
            copy.conn.execute("INSERT INTO snapshot VALUES (?, ?)", (taken, _source(db)))
    finally:
        copy.close()
    return taken


def _add_corrections(db: Database) -> None:
    """Each record's correction from db.counting, the one place the counting rules live."""
    columns = ", ".join(f"{name} REAL NOT NULL" for name in summary.CORRECTION_COLUMNS[3:])
    counts = ", ".join(f"{name} INTEGER NOT NULL" for name in summary.CORRECTION_COLUMNS[:3])
    db.conn.execute(
        f"CREATE TABLE {CORRECTIONS} (record_id INTEGER PRIMARY KEY, {counts}, {columns})"
    )
    # Grouped by id, the corrections are per record; the views sum them by their groups.
    fixes = counting.corrections(db, "id", "1", [], usd=summary.CENTS_SQL)
    db.conn.executemany(
        f"INSERT INTO {CORRECTIONS} VALUES (?, ?, ?, ?, ?, ?)",
        [(key[0], *fix[:5]) for key, fix in sorted(fixes.items())],
    )


def _source(db: Database) -> str:
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row else ""


def metadata(taken: str, source: str) -> dict[str, Any]:
    """The shipped Datasette metadata, with the snapshot's time and file in its description."""
    text = resources.files("bilateral.db").joinpath(METADATA).read_text(encoding="utf-8")
    found = json.loads(text)
    note = (
        f"A snapshot of {source} taken at {taken}: restart `bilateral serve` to see later changes."
    )
    # On the home page and on the database's page, where the tables are listed.
    database = found["databases"][DATABASE]
    found["description"] = f"{found['description']} {note}"
    database["description"] = f"{database['description']} {note}"
    return found

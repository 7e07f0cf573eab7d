"""The records' goldstein column (GDELT's Goldstein scale), added by schema m013."""

from __future__ import annotations

from sqlite_utils import Database

from bilateral.db.rebuild import has_column


def add_goldstein(db: Database) -> None:
    """Add the nullable goldstein column to records, once.

    Every event GDELT codes carries the Goldstein score of its CAMEO code, from -10
    (most conflictual) to +10 (most cooperative); records typed by hand have none, so
    NULL. Adding a column needs no rebuild of the table; a rebuild of records that a
    later migration makes must carry this column along.
    """
    if not has_column(db, "records", "goldstein"):
        db.execute(
            "ALTER TABLE records ADD COLUMN goldstein REAL CHECK (goldstein BETWEEN -10 AND 10)"
        )

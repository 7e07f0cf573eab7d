"""The revisions and import_batches tables: an append-only journal of every change to a record."""

from __future__ import annotations

from sqlite_utils import Database

OPERATIONS = ("create", "edit", "delete", "existing")
# Set when history began on a database that already held records: their versions
# before that moment are not known, so nothing may claim to show them.
HISTORY_SINCE = "history_since"


def create_history(db: Database) -> None:
    """Create the journal; every record already stored gets an 'existing' revision."""
    db.execute(
        """
        CREATE TABLE import_batches (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'import',
            file TEXT NOT NULL,
            size INTEGER,
            sha256 TEXT NOT NULL DEFAULT '',
            added INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            conflicts INTEGER NOT NULL DEFAULT 0,
            first_revision INTEGER,
            last_revision INTEGER,
            undone_at TEXT
        ) STRICT
        """
    )
    # One row per change of one record, numbered per uid. A create stores no values
    # (the record's first version is found by going back from the next ones), an edit
    # the changed fields old → new, a delete the whole record it removed: only what
    # changed, so a million imported records do not double the file.
    db.execute(
        f"""
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL,
            number INTEGER NOT NULL,
            at TEXT NOT NULL,
            operation TEXT NOT NULL CHECK (operation IN ({", ".join(f"'{o}'" for o in OPERATIONS)})),
            origin TEXT NOT NULL,
            batch_id INTEGER REFERENCES import_batches(id),
            detail TEXT NOT NULL DEFAULT '',
            changes TEXT
        ) STRICT
        """
    )
    db.execute("CREATE UNIQUE INDEX revisions_uid ON revisions (uid, number)")
    # A deleted uid imported again continues its numbering; few rows, so a small index.
    db.execute(
        "CREATE INDEX revisions_deleted ON revisions (uid, number) WHERE operation = 'delete'"
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"""
            CREATE TRIGGER revisions_never_{verb.lower()}d BEFORE {verb} ON revisions
            BEGIN
                SELECT RAISE(ABORT, 'revisions are kept as written: never changed or deleted');
            END
            """
        )
    existing = db.execute("SELECT count(*) FROM records").fetchone()[0]
    if existing:
        db.execute(
            "INSERT INTO revisions (uid, number, at, operation, origin) "
            "SELECT uid, 1, coalesce(nullif(updated_at, ''), strftime('%Y-%m-%dT%H:%M:%SZ')), "
            "'existing', 'upgrade' FROM records ORDER BY id"
        )
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) "
            "VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ'))",
            (HISTORY_SINCE,),
        )

"""The database schema, as registered sqlite-utils migrations."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from bilateral.db.goldstein import add_goldstein
from bilateral.db.history_tables import create_history
from bilateral.db.indexes import PARTY_INDEXES, SIDE_AND_CLAIM_INDEXES, replace_indexes
from bilateral.db.kinds import (
    BUILTIN_KINDS,
    DEBT_RELIEF_KIND,
    MEETING_KIND,
    add_builtin_kind,
    recolour_builtin_kinds,
)
from bilateral.db.party_tables import create_other_parties, create_tables
from bilateral.db.rebuild import has_column, rebuild_table, sql_list
from bilateral.db.totals import BULK_FLAG, create_table

migrations = Migrations("bilateral")

# What happened, as a stage of its life; who says so is the claim status, apart.
STATUSES = ("expected", "pledged", "signed", "in force", "completed", "cancelled")
CLAIM_STATUSES = ("established", "claimed", "disputed", "denied", "confirmed", "retracted")
# The AidData rule: money of records that may never happen, or did not, is
# counted apart so that totals never add a promise and its fulfilment twice; nor is
# the money of something only claimed.
UNCOUNTED_STATUSES = ("expected", "pledged", "cancelled")
UNCOUNTED_CLAIMS = ("claimed", "disputed", "denied", "retracted")
# How one record relates to another, read from the record that holds the link.
RELATIONS = ("part-of", "fulfils", "responds-to", "denies", "confirms", "supersedes", "same-as")
# Statuses before claims had their own column (schema m001-m007), and what each became.
# fmt: off
_V1_STATUSES = ("pledged", "signed", "in force", "completed", "reported", "alleged", "denied", "cancelled")
# fmt: on
_V1_UNCOUNTED = ("pledged", "reported", "alleged", "denied", "cancelled")
LEGACY_STATUSES = {
    "alleged": ("completed", "claimed"),
    "reported": ("completed", "claimed"),
    "denied": ("completed", "denied"),
}
DIRECTIONS = ("one-way", "mutual")
USD_BASES = ("source", "ecb", "user")


def records_table_sql(
    name: str, statuses: tuple[str, ...], uncounted: tuple[str, ...], *, claims: bool
) -> str:
    """The records table's CREATE statement: as m001 made it, or (``claims``) as m008 does."""
    counts = f"status NOT IN ({sql_list(uncounted)})"
    claim_columns = ""
    if claims:
        counts += f" AND claim_status NOT IN ({sql_list(UNCOUNTED_CLAIMS)})"
        claim_columns = f"""
            claim_status TEXT NOT NULL DEFAULT 'established'
                CHECK (claim_status IN ({sql_list(CLAIM_STATUSES)})),
            claimed_by TEXT NOT NULL DEFAULT '',"""
    return f"""
        CREATE TABLE {name} (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            actor TEXT NOT NULL,
            partner TEXT NOT NULL,
            pair TEXT GENERATED ALWAYS AS (
                CASE WHEN actor < partner THEN actor || '-' || partner
                     ELSE partner || '-' || actor END) VIRTUAL,
            direction TEXT NOT NULL CHECK (direction IN ({sql_list(DIRECTIONS)})),
            kind TEXT NOT NULL REFERENCES kinds(name) ON UPDATE CASCADE,
            cameo_code TEXT NOT NULL DEFAULT '',
            quad_class INTEGER CHECK (quad_class BETWEEN 1 AND 4),
            date TEXT NOT NULL,
            date_precision TEXT GENERATED ALWAYS AS (
                CASE length(date) WHEN 4 THEN 'year' WHEN 7 THEN 'month' ELSE 'day' END) VIRTUAL,
            end_date TEXT,
            title TEXT NOT NULL CHECK (title <> ''),
            summary TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '',
            amount REAL CHECK (amount >= 0),
            currency TEXT,
            amount_usd REAL CHECK (amount_usd >= 0),
            usd_basis TEXT CHECK (usd_basis IN ({sql_list(USD_BASES)})),
            status TEXT NOT NULL CHECK (status IN ({sql_list(statuses)})),{claim_columns}
            counts INTEGER GENERATED ALWAYS AS (
                {counts}) VIRTUAL,
            terms_disclosed INTEGER NOT NULL DEFAULT 1 CHECK (terms_disclosed IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT
    """


@migrations()
def m001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE kinds (
            name TEXT PRIMARY KEY,
            cameo_code TEXT NOT NULL DEFAULT '',
            quad_class INTEGER CHECK (quad_class BETWEEN 1 AND 4),
            color TEXT NOT NULL DEFAULT '#7f7f7f',
            builtin INTEGER NOT NULL DEFAULT 0
        ) STRICT
        """
    )
    db.conn.executemany(
        "INSERT INTO kinds (name, cameo_code, quad_class, color, builtin) VALUES (?, ?, ?, ?, 1)",
        BUILTIN_KINDS,
    )
    db.execute(records_table_sql("records", _V1_STATUSES, _V1_UNCOUNTED, claims=False))
    # Indexes that cover the listing order and the summary's GROUP BY.
    db.execute("CREATE INDEX records_date ON records (date, id)")
    db.execute("CREATE INDEX records_pair_date ON records (pair, date, kind, amount_usd, counts)")
    db.execute("CREATE INDEX records_kind_date ON records (kind, date)")
    db.execute(
        """
        CREATE TABLE sectors (
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE
                DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL,
            sector TEXT NOT NULL CHECK (sector <> ''),
            PRIMARY KEY (record_id, position)
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE participants (
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE
                DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL,
            name TEXT NOT NULL CHECK (name <> ''),
            country TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (record_id, position)
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE sources (
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE
                DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL,
            publisher TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            quote TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (record_id, position)
        ) STRICT
        """
    )
    _create_search_index(db)


QUOTES_SQL = "(SELECT coalesce(group_concat(quote, ' '), '') FROM sources WHERE record_id = {0})"
NAMES_SQL = "(SELECT coalesce(group_concat(name, ' '), '') FROM participants WHERE record_id = {0})"


def _create_search_index(db: Database) -> None:
    """Full-text index over titles, summaries, quotes and participant names.

    Writers insert a record's sources and participants before the record row
    (the foreign keys are deferred for that), so the record's insert trigger
    indexes all its text at once. The triggers on sources and participants only
    act when the record already exists: on later edits, not on bulk imports.
    """
    db.execute(
        "CREATE VIRTUAL TABLE records_fts USING fts5("
        "title, summary, quotes, participants, tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute(
        f"""
        CREATE TRIGGER records_fts_insert AFTER INSERT ON records BEGIN
            INSERT INTO records_fts (rowid, title, summary, quotes, participants)
            VALUES (new.id, new.title, new.summary, {QUOTES_SQL.format("new.id")},
                    {NAMES_SQL.format("new.id")});
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER records_fts_update AFTER UPDATE ON records BEGIN
            UPDATE records_fts SET title = new.title, summary = new.summary,
                quotes = {QUOTES_SQL.format("new.id")}, participants = {NAMES_SQL.format("new.id")}
            WHERE rowid = new.id;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER records_fts_delete AFTER DELETE ON records BEGIN
            DELETE FROM records_fts WHERE rowid = old.id;
        END
        """
    )
    for table, column, text in (
        ("sources", "quotes", QUOTES_SQL),
        ("participants", "participants", NAMES_SQL),
    ):
        for event, row in (("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new")):
            db.execute(
                f"""
                CREATE TRIGGER {table}_fts_{event.lower()} AFTER {event} ON {table}
                WHEN EXISTS (SELECT 1 FROM records WHERE id = {row}.record_id) BEGIN
                    UPDATE records_fts SET {column} = {text.format(row + ".record_id")}
                    WHERE rowid = {row}.record_id;
                END
                """
            )


@migrations()
def m002_settings(db: Database) -> None:
    # Settings that belong to one database file rather than to one user.
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    db.execute("INSERT INTO settings (key, value) VALUES ('backups_kept', '10')")


@migrations()
def m003_bulk_search_index(db: Database) -> None:
    # Indexing one row at a time from a trigger costs about 15 times more than one
    # INSERT … SELECT over the whole import, so an import raises BULK_FLAG, skips the
    # trigger, and indexes its new records at the end (db.bulk).
    db.execute("DROP TRIGGER records_fts_insert")
    db.execute(
        f"""
        CREATE TRIGGER records_fts_insert AFTER INSERT ON records
        WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = '{BULK_FLAG}') BEGIN
            INSERT INTO records_fts (rowid, title, summary, quotes, participants)
            VALUES (new.id, new.title, new.summary, {QUOTES_SQL.format("new.id")},
                    {NAMES_SQL.format("new.id")});
        END
        """
    )


@migrations()
def m004_summary_by_year_index(db: Database) -> None:
    # summarize(by="year") groups by pair, year and kind. With an index whose
    # expressions match query.period_sql("year") exactly, SQLite reads the groups in
    # order and streams them, instead of sorting every row in a temporary B-tree first
    # (1 M records: 2.0 s -> 1.3 s, the first rows at once).
    db.execute(
        "CREATE INDEX records_pair_year ON records "
        "(pair, substr(date, 1, 4), kind, date, amount_usd, counts)"
    )


@migrations()
def m005_lasting_records_index(db: Database) -> None:
    # The timeline's extent needs the latest end date and whether anything is still
    # in force. Only the few records that last carry those, so a partial index over
    # them answers without reading every matching row.
    db.execute(
        "CREATE INDEX records_lasting ON records (pair, kind, end_date, status, date) "
        "WHERE end_date IS NOT NULL OR status = 'in force'"
    )


@migrations()
def m006_money_index(db: Database) -> None:
    # The timeline's money view groups the records that carry USD by direction and
    # date; a partial index over just those, with the columns it reads, spares a
    # table lookup per record (aid, loan and investment of CHN-CUB at 1 M: ~135 ms
    # -> ~30 ms).
    db.execute(
        "CREATE INDEX records_money ON records "
        "(pair, kind, date, direction, actor, partner, amount_usd, status) WHERE amount_usd > 0"
    )


LISTS_FLAG = "replacing_lists"


@migrations()
def m007_list_search_index_once(db: Database) -> None:
    # Each participant or source row inserted or deleted rebuilt the record's whole
    # indexed text, so replacing a list of n rows cost n²: 178 s for 5,000. A writer
    # that replaces a record's lists raises this flag inside its own transaction,
    # and the UPDATE of the record row that follows indexes the record once.
    for table, column, text in (
        ("sources", "quotes", QUOTES_SQL),
        ("participants", "participants", NAMES_SQL),
    ):
        for event, row in (("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new")):
            db.execute(f"DROP TRIGGER {table}_fts_{event.lower()}")
            db.execute(
                f"""
                CREATE TRIGGER {table}_fts_{event.lower()} AFTER {event} ON {table}
                WHEN EXISTS (SELECT 1 FROM records WHERE id = {row}.record_id)
                    AND NOT EXISTS (SELECT 1 FROM settings WHERE key = '{LISTS_FLAG}') BEGIN
                    UPDATE records_fts SET {column} = {text.format(row + ".record_id")}
                    WHERE rowid = {row}.record_id;
                END
                """
            )


@migrations(transactional=False)
def m008_links_and_claims(db: Database) -> None:
    # Who says a thing, and how sure, leaves the lifecycle status for columns of its
    # own, and records link to each other. The status CHECK and the generated
    # `counts` change, which SQLite allows only by rebuilding the table; outside a
    # transaction, since foreign keys must be off for it. A run cut short after the
    # rebuild committed finds the new column and goes on from there.
    if not has_column(db, "records", "claim_status"):
        kept = [
            row[1]
            for row in db.conn.execute("PRAGMA table_xinfo(records)")
            if row[6] == 0 and row[1] != "status"  # hidden=0: not a generated column
        ]
        status = " ".join(f"WHEN '{old}' THEN '{new}'" for old, (new, _) in LEGACY_STATUSES.items())
        claim = " ".join(f"WHEN '{old}' THEN '{c}'" for old, (_, c) in LEGACY_STATUSES.items())
        rebuild_table(
            db,
            "records",
            records_table_sql("records_new", STATUSES, UNCOUNTED_STATUSES, claims=True),
            ", ".join([*kept, "status", "claim_status"]),
            ", ".join(
                [
                    *kept,
                    f"CASE status {status} ELSE status END",
                    f"CASE status {claim} ELSE 'established' END",
                ]
            ),
        )
    with db.atomic():
        db.execute(
            f"""
            CREATE TABLE IF NOT EXISTS links (
                record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE
                    DEFERRABLE INITIALLY DEFERRED,
                position INTEGER NOT NULL,
                relation TEXT NOT NULL CHECK (relation IN ({sql_list(RELATIONS)})),
                target_uid TEXT NOT NULL REFERENCES records(uid)
                    ON DELETE CASCADE ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
                PRIMARY KEY (record_id, position),
                UNIQUE (record_id, relation, target_uid)
            ) STRICT
            """
        )
        # What links to a record: the detail pane's "linked from", and deleting.
        db.execute("CREATE INDEX IF NOT EXISTS links_target ON links (target_uid, relation)")
        db.conn.execute(
            "INSERT OR IGNORE INTO kinds (name, cameo_code, quad_class, color, builtin) "
            "VALUES (?, ?, ?, ?, 1)",
            MEETING_KIND,
        )


@migrations()
def m009_summary_sides_index(db: Database) -> None:
    replace_indexes(db, SIDE_AND_CLAIM_INDEXES)  # money per direction, claims apart


@migrations()
def m010_parties(db: Database) -> None:
    create_tables(db)  # organisations and groups; countries stay pycountry's


@migrations()
def m011_other_parties(db: Database) -> None:
    create_other_parties(db)  # the sides of a record beyond actor and partner


@migrations()
def m012_history(db: Database) -> None:
    create_history(db)  # every change to a record kept: revisions and import batches


@migrations()
def m013_goldstein(db: Database) -> None:
    add_goldstein(db)  # GDELT's Goldstein scale, a column of its own (db/goldstein.py)


@migrations()
def m014_debt_relief_kind(db: Database) -> None:
    add_builtin_kind(db, DEBT_RELIEF_KIND)  # for AidData's debt relief (db/aiddata.py)


@migrations()
def m015_kind_colors(db: Database) -> None:
    recolour_builtin_kinds(db)  # colour-blind safe, where unchanged (db/kind_colors.py)


@migrations()
def m016_party_indexes(db: Database) -> None:
    replace_indexes(db, PARTY_INDEXES)  # one party's records, as actor or partner


@migrations()
def m017_summary_totals(db: Database) -> None:
    create_table(db)  # the summary's totals, kept by triggers (db/totals.py)

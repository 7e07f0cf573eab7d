"""The parties and party_members tables, and the curated organisations they start with."""

from __future__ import annotations

import csv
import io
from importlib import resources

from sqlite_utils import Database

from bilateral.db import reference
from bilateral.db.rebuild import sql_list

TYPES = (
    "country",
    "intergovernmental organisation",
    "development bank",
    "bloc",
    "alliance",
    "forum",
    "company",
    "other",
)
ROLES = ("member", "partner", "observer")


def create_tables(db: Database) -> None:
    """Create both tables and load the shipped organisations (schema m010)."""
    # Countries are not rows here: pycountry stays their source. A member is a country
    # code or a party code, so it cannot be a foreign key; the code that writes checks it.
    db.execute(
        f"""
        CREATE TABLE parties (
            code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 10),
            name TEXT NOT NULL CHECK (name <> ''),
            type TEXT NOT NULL CHECK (type IN ({sql_list(TYPES)})),
            builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
            source TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE party_members (
            party TEXT NOT NULL REFERENCES parties(code) ON DELETE CASCADE ON UPDATE CASCADE,
            member TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ({sql_list(ROLES)})),
            start TEXT NOT NULL DEFAULT '',
            "end" TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (party, member, role, start)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX party_members_member ON party_members (member)")
    load_builtin(db)


def create_other_parties(db: Database) -> None:
    """Create the list of a record's sides beyond actor and partner (schema m011)."""
    db.execute(
        """
        CREATE TABLE other_parties (
            record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE
                DEFERRABLE INITIALLY DEFERRED,
            position INTEGER NOT NULL,
            party TEXT NOT NULL CHECK (party <> ''),
            role TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (record_id, position)
        ) STRICT
        """
    )
    # A pair view finds the records a party takes part in this way, and deleting a
    # party counts them.
    db.execute("CREATE INDEX other_parties_party ON other_parties (party, record_id)")


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("bilateral.db").joinpath(name).read_text(encoding="utf-8-sig")
    return [
        {k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))
    ]


def load_builtin(db: Database) -> None:
    """Insert the shipped parties and memberships that are not there yet."""
    # A country in the file (Kosovo, XKX) is one already: pycountry's table has it.
    parties = [
        (r["code"].upper(), r["name"], r.get("type") or "other", r.get("source", ""))
        for r in _rows("parties.csv")
        if r.get("code") and r.get("name") and not reference.is_country(r["code"].upper())
    ]
    db.conn.executemany(
        "INSERT OR IGNORE INTO parties (code, name, type, builtin, source) VALUES (?, ?, ?, 1, ?)",
        parties,
    )
    known = {code for code, *_ in parties}
    members = [
        (
            r["party"].upper(),
            r["member"].upper(),
            r.get("role") or "member",
            r.get("start", ""),
            r.get("end", ""),
            r.get("source", ""),
        )
        for r in _rows("party_members.csv")
        if r.get("party", "").upper() in known and r.get("member")
    ]
    db.conn.executemany(
        'INSERT OR IGNORE INTO party_members (party, member, role, start, "end", source) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        members,
    )

"""Parties beyond countries: organisations and groups, found by code or name, with their members."""

from __future__ import annotations

import difflib
import re
import sqlite3
import weakref
from dataclasses import dataclass, field

from sqlite_utils import Database

from bilateral.db import countries, dates, involving, reference
from bilateral.db.connection import writing
from bilateral.db.errors import BilateralError
from bilateral.db.party_tables import ROLES, TYPES

CODE = re.compile(r"[A-Z0-9]{2,10}")
_LABELLED = re.compile(r"^(.*?)\s*\(\s*([A-Za-z0-9]{2,10})\s*\)\s*$")


class PartyError(BilateralError):
    """A party that cannot be added or deleted as asked; the message says why."""


@dataclass
class Membership:
    """One side's place in a party: member, partner or observer, from start to end."""

    member: str
    role: str = "member"
    start: str = ""
    end: str = ""
    source: str = ""


@dataclass
class Party:
    """An organisation or group that can be a record's actor or partner."""

    code: str
    name: str
    type: str
    builtin: bool = False
    source: str = ""
    members: list[Membership] = field(default_factory=list)


class PartyTable:
    """A database's parties at one moment: what resolving and checking text needs."""

    def __init__(
        self, names: dict[str, str] | None = None, other_pairs: frozenset[str] | None = None
    ):
        self.names = dict(names or {})  # code → name
        self._other_pairs = other_pairs
        # Codes first, then names: a name never takes another party's code.
        self._folded = {countries.fold(code): code for code in self.names}
        for code, name in self.names.items():
            self._folded.setdefault(countries.fold(name), code)

    def other_pairs(self) -> frozenset[str] | None:
        """The pairs records involve through their other parties (db.involving), or more;
        None when this table cannot tell (then any pair may)."""
        return self._other_pairs

    def add_other_pairs(self, pairs: set[str]) -> None:
        """Count ``pairs`` in from now on (after this process wrote other parties)."""
        if self._other_pairs is not None and not pairs <= self._other_pairs:
            self._other_pairs = self._other_pairs | pairs

    def _lookup(self, text: str) -> str | None:
        return self._folded.get(countries.fold(text))

    def resolve(self, text: str) -> str | None:
        """The code meant by ``text``: a country first (db.countries), then a party's code or name."""
        if code := countries.resolve(text):
            return code
        if text in self.names:
            return text
        if len(text) > 100 or any(not c.isprintable() for c in text):
            return None
        match = _LABELLED.match(text)
        code = match and self._lookup(match.group(2))
        if match and code and self._lookup(match.group(1)) in (code, None):
            return code
        return self._lookup(text)

    def is_party(self, code: str) -> bool:
        """Whether ``code`` is a country's or one of the database's parties."""
        return reference.is_country(code) or code in self.names

    def _code(self, code: str) -> str:
        """``code`` as stored: 'brics' is BRICS and 'cub' CUB; an unknown code stays as given."""
        if code in self.names or reference.is_country(code):
            return code
        upper = code.upper()
        return upper if upper in self.names or reference.is_country(upper) else code

    def name(self, code: str) -> str:
        """'Cuba' for CUB, 'European Union' for EU (codes in any case); an unknown code itself."""
        code = self._code(code)
        return self.names.get(code) or reference.country_name(code)

    def label(self, code: str) -> str:
        """'Russia (RUS)', 'European Union (EU)', 'BRICS': how a party is shown in suggestions."""
        code = self._code(code)
        name = self.name(code)
        return code if name == code else f"{name} ({code})"

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Countries close to ``text``, and parties whose code or name is, as 'Name (CODE)'.

        A close party keeps a place even when ``n`` countries are close as well.
        """
        typed = countries.fold(text[:100])
        # Codes are short: one letter wrong in "BRIX" is a third of it.
        cutoff = 0.6 if len(typed) <= 5 else 0.75
        close = difflib.get_close_matches(typed, list(self._folded), n=n, cutoff=cutoff)
        close += [k for k in self._folded if len(typed) >= 3 and typed in k]  # "union"
        found = list(dict.fromkeys(self.label(self._folded[k]) for k in close))
        return (countries.suggest(text, n)[: n - min(len(found), 1)] + found)[:n]

    def unknown(self, text: str) -> str:
        """Why ``text`` is refused as a side of a record, with "did you mean"."""
        shown = repr(text[:40] + "…" if len(text) > 40 else text)
        if suggestions := self.suggest(text[:100]):
            return f"{shown} is not a country or party; did you mean {' or '.join(suggestions)}?"
        return (
            f"{shown} is not a country or party: write its name or code, such as Cuba or CUB"
            " (bilateral parties lists the parties)"
        )


# Per database: its PartyTable and the key it was read at. data_version changes when
# another connection (the command line, a second window) commits; total_changes when
# this one writes, even without going through add_party. Only the first can change the
# other parties' pairs behind this process's back: its own writes add theirs
# (add_other_pairs), so after them only the cheap names are read again.
_TABLES: weakref.WeakKeyDictionary[Database, tuple[tuple[int, int], PartyTable]] = (
    weakref.WeakKeyDictionary()
)


def _key(db: Database) -> tuple[int, int]:
    return db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes


def table(db: Database) -> PartyTable:
    """The database's parties, read once and again only after a change."""
    key = _key(db)
    cached = _TABLES.get(db)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        names = dict(db.execute("SELECT code, name FROM parties ORDER BY code").fetchall())
    except sqlite3.OperationalError:  # a database from before schema m010, opened read-only
        names = {}
    if cached is not None and cached[0][0] == key[0]:
        pairs = cached[1].other_pairs()
    else:
        # Read here, on the connection's own thread: filters carry the table to workers.
        pairs = frozenset(involving.other_pairs(db))
    parties = PartyTable(names, pairs)
    _TABLES[db] = (key, parties)
    return parties


def forget(db: Database) -> None:
    """Drop the cached parties of ``db``, after this process changed them."""
    _TABLES.pop(db, None)


def add_other_pairs(db: Database, pairs: set[str]) -> None:
    """After this process wrote records with other parties: their pairs, into the cached
    table (a record deleted leaves its pairs in, which only costs its views a lookup)."""
    cached = _TABLES.get(db)
    if cached is not None:
        cached[1].add_other_pairs(pairs)


def resolve_party(db: Database, text: str) -> str | None:
    """The code of the country or party ``text`` names (code, name, 'Name (CODE)'), or None."""
    return table(db).resolve(text.strip())


def party_name(db: Database, code: str) -> str:
    """The name of a party or country code; the code itself when unknown."""
    return table(db).name(code)


def suggest(db: Database, text: str, n: int = 3) -> list[str]:
    """Countries and parties close to ``text``, as 'Name (CODE)', closest first."""
    return table(db).suggest(text, n)


def list_parties(db: Database) -> list[Party]:
    """Every party of the database, by name, with its members in the order they joined."""
    found = {
        row[0]: Party(row[0], row[1], row[2], bool(row[3]), row[4])
        for row in db.execute(
            "SELECT code, name, type, builtin, source FROM parties ORDER BY name COLLATE NOCASE"
        )
    }
    for row in db.execute(
        'SELECT party, member, role, start, "end", source FROM party_members '
        "ORDER BY party, role, start, member"
    ):
        found[row[0]].members.append(Membership(*row[1:]))
    return list(found.values())


def _check_new(parties: PartyTable, code: str, name: str, kind: str) -> None:
    if not CODE.fullmatch(code):
        raise PartyError(f"{code!r} is no party code: write 2 to 10 capital letters or digits")
    if clash := countries.resolve(code):
        raise PartyError(f"{code!r} is already the code of {countries.label(clash)}")
    if not name.strip():
        raise PartyError(f"the party {code} needs a name")
    if clash := countries.resolve(name.strip()):
        raise PartyError(f"{name!r} is already the name of {countries.label(clash)}")
    if clash := parties.resolve(code) or parties.resolve(name.strip()):
        raise PartyError(f"{parties.label(clash)} exists already")
    if kind not in TYPES:
        raise PartyError(f"{kind!r} is not a party type: use one of {', '.join(TYPES)}")


def _check_member(parties: PartyTable, code: str, m: Membership) -> Membership:
    member = parties.resolve(m.member.strip())
    if member is None:
        raise PartyError(f"member {parties.unknown(m.member.strip())}")
    if member == code:
        raise PartyError(f"{code} cannot be a member of itself")
    if m.role not in ROLES:
        raise PartyError(f"{m.role!r} is not a role: use one of {', '.join(ROLES)}")
    for which, value in (("from", m.start), ("to", m.end)):
        if value:
            try:
                dates.parse(value)
            except dates.PartialDateError as error:
                raise PartyError(f"{member} {which} {value!r}: {error}") from None
    if m.start and m.end and dates.last_day(m.end) < dates.first_day(m.start):
        raise PartyError(f"{member}: {m.end} is before {m.start}")
    return Membership(member, m.role, m.start, m.end, m.source)


def add_party(
    db: Database,
    code: str,
    name: str,
    type: str = "other",  # noqa: A002 - the column's name
    members: list[Membership] | None = None,
    source: str = "",
) -> Party:
    """Add a party of the user's, with its members; it can be a record's side at once.

    :raises PartyError: a code that is not 2–10 capitals or digits, or that clashes
        with a country or a party (by code or name), an unknown type, role, member or date.
    """
    code, name = code.strip(), name.strip()
    parties = table(db)
    _check_new(parties, code, name, type)
    checked = [_check_member(parties, code, m) for m in members or []]
    with writing(db):
        db.conn.execute(
            "INSERT INTO parties (code, name, type, builtin, source) VALUES (?, ?, ?, 0, ?)",
            (code, name, type, source),
        )
        db.conn.executemany(
            'INSERT OR IGNORE INTO party_members (party, member, role, start, "end", source) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(code, m.member, m.role, m.start, m.end, m.source) for m in checked],
        )
    forget(db)
    return Party(code, name, type, False, source, checked)


def records_using(db: Database, code: str) -> int:
    """How many records have ``code`` as actor, partner or one of their other parties."""
    return db.execute(
        "SELECT count(*) FROM records WHERE actor = ? OR partner = ? "
        "OR id IN (SELECT record_id FROM other_parties WHERE party = ?)",
        (code, code, code),
    ).fetchone()[0]


def delete_party(db: Database, code: str) -> None:
    """Delete a party and its memberships, unless records use it.

    :raises PartyError: for a country, an unknown party, or one that records use.
    """
    parties = table(db)
    found = parties.resolve(code.strip())
    if found is None or found not in parties.names:
        if found and reference.is_country(found):
            raise PartyError(f"{countries.label(found)} is a country, not a party one can delete")
        raise PartyError(parties.unknown(code.strip()))
    if used := records_using(db, found):
        raise PartyError(
            f"{parties.label(found)} is not deleted: {used} record(s) have it as actor, partner or other party"
        )
    with writing(db):
        db.conn.execute("DELETE FROM party_members WHERE member = ?", (found,))
        db.conn.execute("DELETE FROM parties WHERE code = ?", (found,))
    forget(db)

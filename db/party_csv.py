"""A parties CSV, so a team can share its list: one row per membership, exported and imported."""

from __future__ import annotations

import contextlib
import difflib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlite_utils import Database

from bilateral.db import countries, dates, parties, xlsx_read
from bilateral.db.cells import neutralise
from bilateral.db.connection import db_path, writing
from bilateral.db.csv_encoding import sniff_encoding
from bilateral.db.csv_export import _csv_writer
from bilateral.db.csv_read import read_rows
from bilateral.db.csv_rows import ImportFailed, ImportReport
from bilateral.db.errors import BilateralError
from bilateral.db.parties import Membership, Party, PartyTable
from bilateral.db.party_tables import ROLES, TYPES

# 'from' and 'to' as the window and `parties add` say them; member_source keeps each
# membership's own source, so a round trip loses nothing.
COLUMNS = ("code", "name", "type", "source", "member", "role", "from", "to", "member_source")
REQUIRED = ("code", "name")
_FREE_TEXT = ("name", "source", "member_source")


@dataclass
class PartiesImport:
    """What an import of parties did: parties added or replaced, their memberships, and
    the parties already there exactly as the file has them."""

    parties: int = 0
    memberships: int = 0
    unchanged: int = 0
    replaced: int = 0

    def summary(self) -> str:
        return (
            f"Imported {_count(self.parties, 'party', 'parties')} "
            f"({_count(self.memberships, 'membership', 'memberships')}); "
            f"{self.unchanged} already there unchanged."
        )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _party_rows(party: Party) -> list[list[str]]:
    head = [party.code, party.name, party.type, party.source]
    if not party.members:
        return [[*head, "", "", "", "", ""]]
    return [[*head, m.member, m.role, m.start, m.end, m.source] for m in party.members]


def export_parties(db: Database, out: IO[str] | str | os.PathLike, *, bom: bool = False) -> int:
    """Write every party of the database (the shipped ones and the user's; countries are
    every database's own) as CSV, one row per membership; return how many parties.

    :param out: a path, replaced only when complete, or a text stream opened with ``newline=''``.
    """
    found = parties.list_parties(db)
    free = [COLUMNS.index(c) for c in _FREE_TEXT]
    with _csv_writer(out, bom, db_path(db)) as writer:
        writer.writerow(COLUMNS)
        for party in found:
            for row in _party_rows(party):
                for index in free:
                    row[index] = neutralise(row[index])
                writer.writerow(row)
    return len(found)


@dataclass
class _Read:
    """One party as the file has it, with the row numbers its cells came from."""

    code: str
    name: str
    type: str
    source: str
    row: int
    members: list[tuple[int, Membership]] = field(default_factory=list)

    def as_party(self) -> Party:
        return Party(self.code, self.name, self.type, False, self.source, self.memberships())

    def memberships(self) -> list[Membership]:
        return [m for _, m in self.members]


def _rows(path: Path, report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    """Every row of a parties CSV (',' or ';' or tab, with or without BOM) or workbook."""
    if xlsx_read.is_workbook(path, report):  # by its content: a renamed file works too
        sheet = xlsx_read.Sheet(path, report, COLUMNS, REQUIRED)
        with contextlib.closing(sheet.rows()) as rows:
            return list(rows)
    with path.open("rb") as raw:
        if other := sniff_encoding(raw.read(4096)):
            report.problem(0, "", f"the file is {other}, not UTF-8; save it as UTF-8")
            return []
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        return list(read_rows(text, report, path, COLUMNS, REQUIRED))


def _guess(value: str, choices: tuple[str, ...], what: str) -> str:
    close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(choices)}"
    return f"{value!r} is not a {what}: {hint}"


def _same(
    report: ImportReport, row: int, column: str, value: str, party: _Read, first: str
) -> None:
    """A later row of a party repeats its first row's cell, or leaves it empty."""
    if value and value != first:
        report.problem(
            row,
            column,
            f"{value!r} differs from {first!r} on row {party.row} for the party {party.code}; "
            f"write {first!r} (or leave the cell empty)",
        )


def _new_party(report: ImportReport, row: int, code: str, cells: dict[str, str]) -> _Read:
    name, kind = cells.get("name", "").strip(), cells.get("type", "").strip().lower() or "other"
    if not name:
        report.problem(row, "name", f"the party {code} needs a name")
    elif clash := countries.resolve(name):
        report.problem(row, "name", f"{name!r} is already the name of {countries.label(clash)}")
    if kind not in TYPES:
        report.problem(row, "type", _guess(kind, TYPES, "party type"))
    return _Read(code, name, kind, cells.get("source", "").strip(), row)


def _membership(report: ImportReport, row: int, cells: dict[str, str]) -> Membership | None:
    member = cells.get("member", "").strip()
    role = cells.get("role", "").strip().lower()
    start, end = cells.get("from", "").strip(), cells.get("to", "").strip()
    source = cells.get("member_source", "").strip()
    if not member:
        if role or start or end or source:
            report.problem(row, "member", "empty, but the row has a role, dates or a source")
        return None
    role = role or "member"
    if role not in ROLES:
        report.problem(row, "role", _guess(role, ROLES, "role"))
    good = True
    for column, value in (("from", start), ("to", end)):
        if value:
            try:
                dates.parse(value)
            except dates.PartialDateError as error:
                report.problem(
                    row, column, f"{value!r}: {error} (write YYYY, YYYY-MM or YYYY-MM-DD)"
                )
                good = False
    if good and start and end and dates.last_day(end) < dates.first_day(start):
        report.problem(row, "to", f"{end} is before {start} (from)")
    return Membership(member, role, start, end, source)


def _group(rows: list[tuple[int, dict[str, str]]], report: ImportReport) -> dict[str, _Read]:
    """The file's parties by code, each row checked on its own."""
    found: dict[str, _Read] = {}
    for row, cells in rows:
        if not any(v.strip() for v in cells.values()):
            continue
        code = cells.get("code", "").strip().upper()
        if not code:
            report.problem(row, "code", "empty: every row needs its party's code")
            continue
        if not parties.CODE.fullmatch(code):
            report.problem(
                row, "code", f"{code!r} is no party code: write 2 to 10 capital letters or digits"
            )
            continue
        if clash := countries.resolve(code):
            report.problem(row, "code", f"{code!r} is already the code of {countries.label(clash)}")
            continue
        party = found.get(code)
        if party is None:
            party = found[code] = _new_party(report, row, code, cells)
        else:
            _same(report, row, "name", cells.get("name", "").strip(), party, party.name)
            _same(report, row, "type", cells.get("type", "").strip().lower(), party, party.type)
            _same(report, row, "source", cells.get("source", "").strip(), party, party.source)
        if membership := _membership(report, row, cells):
            party.members.append((row, membership))
    return found


def _resolve_members(found: dict[str, _Read], names: PartyTable, report: ImportReport) -> None:
    """Each member as a code of a country or party, the database's or the file's."""
    for party in found.values():
        seen: dict[tuple[str, str, str], int] = {}
        for index, (row, m) in enumerate(party.members):
            code = names.resolve(m.member)
            if code is None:
                report.problem(row, "member", names.unknown(m.member))
                continue
            if code == party.code:
                report.problem(row, "member", f"{party.code} cannot be a member of itself")
                continue
            key = (code, m.role, m.start)
            if key in seen:
                report.problem(
                    row, "member", f"the same {m.role} from the same date as on row {seen[key]}"
                )
            seen[key] = row
            party.members[index] = (row, Membership(code, m.role, m.start, m.end, m.source))


def _check_names(found: dict[str, _Read], known: PartyTable, report: ImportReport) -> None:
    """No two parties with one name: in the file, or one of the file's and another's there."""
    by_name: dict[str, _Read] = {}
    for party in found.values():
        if not party.name:
            continue
        folded = countries.fold(party.name)
        if (other := by_name.get(folded)) is not None:
            report.problem(
                party.row,
                "name",
                f"{party.name!r} is also the name of {other.code} (row {other.row})",
            )
        by_name[folded] = party
    for party in found.values():
        owner = known.resolve(party.name) if party.name else None
        # A party that the file renames frees its old name.
        renamed = owner in found and countries.fold(found[owner].name) != countries.fold(party.name)
        if owner and owner != party.code and owner in known.names and not renamed:
            report.problem(
                party.row, "name", f"{party.name!r} is already the name of {known.label(owner)}"
            )


def _key(party: Party) -> tuple:
    members = sorted((m.member, m.role, m.start, m.end, m.source) for m in party.members)
    return party.name, party.type, party.source, members


def _differences(there: Party, read: Party) -> str:
    fields = ("name", "type", "source", "memberships")
    pairs = zip(fields, _key(there), _key(read), strict=True)
    return ", ".join(f for f, old, new in pairs if old != new)


def import_parties(
    db: Database, source: str | os.PathLike, *, update: bool = False
) -> PartiesImport:
    """Import a parties CSV (or .xlsx) as ``export_parties`` writes it: all of it or nothing.

    A party already there exactly as in the file is left and counted; one that differs
    is refused unless ``update``, which replaces its name, type, source and memberships.
    Parties absent from the file are left alone.

    :raises ImportFailed: when any row has a problem; the database is unchanged.
    """
    path = Path(source)
    if not path.is_file():
        raise BilateralError(f"{path} is not a file.")
    report = ImportReport()
    rows = _rows(path, report)
    found = _group(rows, report) if not report.problem_count else {}
    known = parties.table(db)
    names = PartyTable({**known.names, **{p.code: p.name or p.code for p in found.values()}})
    _resolve_members(found, names, report)
    _check_names(found, known, report)
    there = {p.code: p for p in parties.list_parties(db)}
    done = PartiesImport()
    new, replaced = [], []
    for party in found.values():
        read = party.as_party()
        if party.code not in there:
            new.append(read)
        elif _key(there[party.code]) == _key(read):
            done.unchanged += 1
        elif update:
            replaced.append(read)
        else:
            report.problem(
                party.row,
                "code",
                f"{party.code} is already in the database and its "
                f"{_differences(there[party.code], read)} differ from the file's; "
                "import with --update to replace them",
            )
    if report.problem_count:
        report.problems.sort(key=lambda p: p.row)  # checked in passes, told in file order
        raise ImportFailed(report)
    _write(db, new, replaced)
    done.parties, done.replaced = len(new) + len(replaced), len(replaced)
    done.memberships = sum(len(p.members) for p in new + replaced)
    return done


def _write(db: Database, new: list[Party], replaced: list[Party]) -> None:
    if not new and not replaced:
        return
    with writing(db):
        db.conn.executemany(
            "INSERT INTO parties (code, name, type, builtin, source) VALUES (?, ?, ?, 0, ?)",
            [(p.code, p.name, p.type, p.source) for p in new],
        )
        # A shipped party stays marked as shipped: only its rows change.
        db.conn.executemany(
            "UPDATE parties SET name = ?, type = ?, source = ? WHERE code = ?",
            [(p.name, p.type, p.source, p.code) for p in replaced],
        )
        db.conn.executemany(
            "DELETE FROM party_members WHERE party = ?", [(p.code,) for p in replaced]
        )
        db.conn.executemany(
            'INSERT INTO party_members (party, member, role, start, "end", source) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (p.code, m.member, m.role, m.start, m.end, m.source)
                for p in new + replaced
                for m in p.members
            ],
        )
    parties.forget(db)

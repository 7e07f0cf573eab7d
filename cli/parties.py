"""The parties command: list the organisations and groups, add one of your own, delete one."""

from __future__ import annotations

import argparse
from pathlib import Path

from bilateral.cli.command import Command
from bilateral.cli.options import open_db, say
from bilateral.db import parties, party_csv
from bilateral.db.connection import db_path
from bilateral.db.csv_rows import ImportFailed
from bilateral.db.errors import BilateralError
from bilateral.db.files import refuse_database_source
from bilateral.db.party_tables import ROLES, TYPES

GROUP = "Parties"
SHOWN_PROBLEMS = 50


def _arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="what", metavar="ACTION")
    add = what.add_parser("add", help="add a party of your own")
    add.add_argument("code", help="2 to 10 capital letters or digits, such as ALBA")
    add.add_argument(
        "name", help='its name, such as "Bolivarian Alliance for the Peoples of Our America"'
    )
    add.add_argument("--type", default="other", choices=TYPES, help="what kind of party it is")
    add.add_argument("--source", default="", help="where its membership comes from (a URL)")
    for role in ROLES:
        add.add_argument(
            f"--{role}",
            action="append",
            default=[],
            metavar="CODE:FROM[:TO]",
            help=f"a {role} (repeatable), with the dates as YYYY[-MM[-DD]]",
        )
    delete = what.add_parser("delete", help="delete a party that no record uses")
    delete.add_argument("code", help="its code or name")
    read = what.add_parser(
        "import", help="add the parties of a CSV (or .xlsx) as `bilateral export parties` writes it"
    )
    read.add_argument("file", type=Path, help="a CSV (, or ; or tab) or .xlsx workbook")
    read.add_argument(
        "--update",
        action="store_true",
        help="replace the name, type, source and memberships of parties already there",
    )


def _membership(text: str, role: str) -> parties.Membership:
    """'CUB:2025-01-01', 'BRA:2009-06-16:2020', or a bare code: one --member value."""
    member, _, dates = text.partition(":")
    start, _, end = dates.partition(":")
    if not member.strip() or end.count(":"):
        raise BilateralError(f"--{role} {text!r}: write CODE, CODE:FROM or CODE:FROM:TO")
    return parties.Membership(member.strip(), role, start.strip(), end.strip())


def _when(m: parties.Membership) -> str:
    if m.start and m.end:
        return f"{m.start} – {m.end}"
    if m.start:
        return f"since {m.start}"
    return f"until {m.end}" if m.end else ""


def _parties(args: argparse.Namespace) -> int:
    what = getattr(args, "what", None)
    db = open_db(args, write=what is not None)
    if what == "add":
        members = [_membership(t, role) for role in ROLES for t in getattr(args, role)]
        party = parties.add_party(db, args.code, args.name, args.type, members, args.source)
        counts = [
            f"{n} {role}{'s' if n != 1 else ''}"
            for role in ROLES
            if (n := sum(m.role == role for m in party.members))
        ]
        said = f": {', '.join(counts)}" if counts else ""
        say(f"Added the party {party.name} ({party.code}){said}.")
        return 0
    if what == "import":
        refuse_database_source(args.file, db_path(db))
        try:
            done = party_csv.import_parties(db, args.file, update=args.update)
        except ImportFailed as failed:
            report = failed.report
            say(f"{args.file}: nothing imported, {report.problem_count} problem(s):", err=True)
            for problem in report.problems[:SHOWN_PROBLEMS]:
                say(f"  {problem}", err=True)
            if report.problem_count > SHOWN_PROBLEMS:
                say(f"  … and {report.problem_count - SHOWN_PROBLEMS} more", err=True)
            return 1
        say(done.summary())
        return 0
    if what == "delete":
        parties.delete_party(db, args.code)
        say(f"Deleted the party {args.code}.")
        return 0
    names = parties.table(db)
    for party in parties.list_parties(db):
        say(f"{party.code}\t{party.name}\t{party.type}")
        for m in party.members:
            say(f"  {m.role}\t{names.label(m.member)}\t{_when(m)}".rstrip())
    return 0


COMMANDS = (
    Command(
        "parties",
        "list the organisations and groups with their members, add or delete one, "
        "or import a parties CSV",
        'bilateral parties add ALBA "Bolivarian Alliance for the Peoples of Our America" '
        "--type alliance --member CUB:2004-12-14 --member VEN:2004-12-14",
        _parties,
        _arguments,
    ),
)

"""The show command: one record's fields, one per line, and its links in both directions."""

from __future__ import annotations

import argparse

from sqlite_utils import Database

from bilateral.cli.command import Command
from bilateral.cli.options import open_db, say
from bilateral.db import links, parties
from bilateral.db.cells import COLUMNS, record_to_row
from bilateral.db.records import record_by_uid

GROUP = "Records"
# Lists print one item a line; links print apart, with the linked records' titles.
LISTS = ("sectors", "participants", "sources", "other_parties")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("uid", help="the record's uid, as the CSV export shows it")


def _indented(text: str) -> str:
    # A summary or quote may hold line breaks: its later lines stay under the field.
    return "\n    ".join(text.splitlines()) if text else ""


def _item(values) -> str:
    return "  - " + " | ".join(_indented(v) for v in values)


def show_lines(db: Database, uid: str) -> list[str]:
    """The lines `bilateral show` prints for the record ``uid``.

    :raises RecordNotFound: when no record has that uid.
    """
    record = record_by_uid(db, uid)
    cells = dict(zip(COLUMNS, record_to_row(record), strict=True))
    names = parties.table(db)
    lists = {
        "sectors": [[s] for s in record.sectors],
        "participants": [[p.name, p.country, p.role] for p in record.participants],
        "sources": [[s.publisher, s.title, s.url, s.published, s.quote] for s in record.sources],
        "other_parties": [
            [names.label(o.party), o.role] if o.role else [names.label(o.party)]
            for o in record.other_parties
        ],
    }
    both = links.record_links(db, record.uid)
    followed = both.claim_status(record.claim_status)
    if followed != record.claim_status:
        cells["claim_status"] += f" ({followed}, by the records that answer it)"
    lines = []
    for column in COLUMNS:
        if column == "links":
            continue
        if column in LISTS:
            lines.append(f"{column}:")
            lines += [_item(item) for item in lists[column]]
        else:
            lines.append(f"{column}: {_indented(cells[column])}".rstrip())
    for heading, linked in (("Links to:", both.to), ("Linked from:", both.linked_from)):
        lines.append(heading if linked else f"{heading} none")
        lines += [
            _item([link.relation, link.uid, link.title or "(no such record)"]) for link in linked
        ]
    return lines


def _show(args: argparse.Namespace) -> int:
    for line in show_lines(open_db(args), args.uid):
        say(line)
    return 0


COMMANDS = (
    Command(
        "show",
        "print one record, with the records it links to and those that link to it",
        "bilateral show seed-chn-cub-marrero-tour-2023",
        _show,
        _arguments,
    ),
)

"""Options several commands share (filters, output) and opening the database they name."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlite_utils import Database

from bilateral.db import query
from bilateral.db.backup import backup_if_due
from bilateral.db.seed import default_database_path, open_default
from bilateral.db.store import NewerDatabase, ReadOnlyDatabase, db_path, open_database


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The filter options of the exports."""
    group = parser.add_argument_group("filters")
    group.add_argument("--pair", default="", help="two country codes, such as CHN-CUB")
    group.add_argument("--kind", action="append", default=[], help="a kind (repeatable)")
    group.add_argument("--status", action="append", default=[], help="a status (repeatable)")
    group.add_argument("--since", default="", help="YYYY, YYYY-MM or YYYY-MM-DD")
    group.add_argument("--until", default="", help="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")
    group.add_argument(
        "--text", default="", help="words to find in titles, summaries, quotes, names"
    )


def add_output(parser: argparse.ArgumentParser) -> None:
    """Where an export goes."""
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    parser.add_argument("--bom", action="store_true", help="start with a UTF-8 BOM, for Excel")


def filter_of(args: argparse.Namespace) -> query.Filter:
    """The filter the options ask for."""
    return query.Filter(
        pair=args.pair,
        kinds=[k.lower() for k in args.kind],
        since=args.since,
        until=args.until,
        statuses=[s.lower() for s in args.status],
        text=args.text,
    )


def open_db(args: argparse.Namespace, *, write: bool = False) -> Database:
    """Open the database; reading commands fall back to read-only with a warning."""
    try:
        db = open_database(args.db) if args.db else open_default()
    except (NewerDatabase, ReadOnlyDatabase) as problem:
        if write:
            raise
        print(f"bilateral: {problem} Opened read-only.", file=sys.stderr)
        return open_database(args.db or default_database_path(), readonly=True)
    if write:
        backup_if_due(db, db_path(db))
    return db

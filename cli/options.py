"""Options several commands share (filters, output) and opening the database they name."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlite_utils import Database

from bilateral.db import parties, query
from bilateral.db.backup import backup_due, make_backup
from bilateral.db.connection import db_path
from bilateral.db.errors import BackupFailed, DatabaseProblem
from bilateral.db.seed import default_database_path, open_default
from bilateral.db.store import (
    ALWAYS,
    NewerDatabase,
    ReadOnlyDatabase,
    close_database,
    ensure_checked,
    open_database,
)

# Every database a command opened, closed by ``close_opened`` once it has finished.
_opened: list[Database] = []


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The filter options of the exports."""
    group = parser.add_argument_group("filters")
    group.add_argument(
        "--pair",
        default="",
        help='two parties as codes or names, such as CHN-CUB, RU-CU, CUB-BRICS or "Russia, '
        'Cuba" (separate names with a hyphen in them, like Guinea-Bissau, by / or ,); records '
        "with the pair among their other parties are in its view too. One party alone, such "
        "as CUB or Cuba, means every record it is in",
    )
    group.add_argument(
        "--through-membership",
        action="store_true",
        help="with --pair, add the records in which a side acts through an organisation it "
        "was a member of at the time (an EU-Cuba agreement in an ESP-CUB or an ESP view)",
    )
    group.add_argument("--kind", action="append", default=[], help="a kind (repeatable)")
    group.add_argument("--status", action="append", default=[], help="a status (repeatable)")
    group.add_argument("--since", default="", help="YYYY, YYYY-MM or YYYY-MM-DD")
    group.add_argument("--until", default="", help="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")
    group.add_argument(
        "--text", default="", help="words to find in titles, summaries, quotes, names"
    )


def add_output(parser: argparse.ArgumentParser) -> None:
    """Where an export goes."""
    parser.add_argument(
        "--out",
        type=Path,
        help="write here instead of standard output; a name ending in .xlsx writes an Excel workbook",
    )
    parser.add_argument("--bom", action="store_true", help="start with a UTF-8 BOM, for Excel")


def filter_of(args: argparse.Namespace, db: Database | None = None) -> query.Filter:
    """The filter the options ask for; with ``db``, its kinds must be the database's.

    :raises query.FilterError: for an unknown kind or status, naming the valid ones.
    """
    where = query.Filter(
        pair=args.pair,
        kinds=[k.strip().lower() for k in args.kind],
        since=args.since,
        until=args.until,
        statuses=[s.strip().lower() for s in args.status],
        text=args.text,
        through_membership=args.through_membership,
        parties=None if db is None else parties.table(db),
    )
    if where.through_membership and not where.pair:
        raise query.FilterError("--through-membership needs --pair: it widens one pair's view")
    where.where()  # refuses a bad status or date before any output is written
    if db is not None:
        query.check_kinds(db, where)
    return where


def missing(path: Path, default: bool) -> str:
    """What to say when the database a reading command names does not exist."""
    if default:
        return (
            f"The default database {path} does not exist yet. Open the window (bilateral) "
            "or run `bilateral seed` to create it with the seed records."
        )
    return (
        f"{path} does not exist. Check the name, or create a new database with "
        f"`bilateral seed --db {path}`."
    )


def open_db(
    args: argparse.Namespace, *, write: bool = False, fallback: bool = True, always: bool = False
) -> Database:
    """Open the database; only writing commands may create it.

    :param write: the command changes the database: it may create the file, and the
        database is backed up first when its newest backup is a day old.
    :param fallback: a newer or read-only file is opened read-only with a warning
        (never for writing commands).
    :param always: run SQLite's quick check even when the file is as Bilateral left it.
    """
    path = args.db or default_database_path()
    if not write and not os.path.lexists(path):
        # A mistyped name must not become a new, empty database.
        raise DatabaseProblem(missing(path, args.db is None))
    check = ALWAYS if always else True
    try:
        if args.db:
            db = open_database(args.db, create=write, check=check)
        else:
            db = open_default(check=check)
    except (NewerDatabase, ReadOnlyDatabase) as problem:
        if write or not fallback:
            raise
        say(f"bilateral: {problem} Opened read-only.", err=True)
        db = open_database(path, readonly=True, check=check)
    _opened.append(db)
    if write and backup_due(db, db_path(db)):
        # A damaged file must never be backed up over good backups.
        ensure_checked(db)
        try:
            make_backup(db, db_path(db))
        except BackupFailed as failed:
            # The write is all-or-nothing and the earlier backups are untouched; refusing
            # would only stop the user's work, so say it and go on.
            say(f"bilateral: warning: {failed} Continuing without a new backup.", err=True)
    return db


def close_opened(*, finished: bool) -> None:
    """Close the databases the command opened; when it ``finished``, note each file as
    Bilateral leaves it, so that the next command can skip the quick check."""
    while _opened:
        close_database(_opened.pop(), note=finished)


def say(text: str, *, err: bool = False) -> None:
    """Print a line whose file names may not be valid UTF-8: such bytes show as \\xff."""
    stream = sys.stderr if err else sys.stdout
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        print(text, file=stream)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        print(text.encode(encoding, "backslashreplace").decode(encoding), file=stream)

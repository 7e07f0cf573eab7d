"""The headless command line (seed, import, export, check, kinds, backup, restore), without Qt."""

from __future__ import annotations

import argparse
import errno
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlite_utils import Database

from bilateral.db import csv_export, csvfile, query
from bilateral.db.backup import (
    backup_if_due,
    kept,
    list_backups,
    make_backup,
    restore_backup,
    set_kept,
)
from bilateral.db.errors import BilateralError, DatabaseProblem, InvalidRecord
from bilateral.db.files import refuse_database_source
from bilateral.db.records import add_kind, list_kinds
from bilateral.db.seed import default_database_path, open_default, seed
from bilateral.db.store import NewerDatabase, ReadOnlyDatabase, db_path, open_database

COMMANDS = ("seed", "import", "export", "check", "kinds", "backup", "restore")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument("--pair", default="", help="two country codes, such as CHN-CUB")
    group.add_argument("--kind", action="append", default=[], help="a kind (repeatable)")
    group.add_argument("--status", action="append", default=[], help="a status (repeatable)")
    group.add_argument("--since", default="", help="YYYY, YYYY-MM or YYYY-MM-DD")
    group.add_argument("--until", default="", help="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")
    group.add_argument(
        "--text", default="", help="words to find in titles, summaries, quotes, names"
    )


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    parser.add_argument("--bom", action="store_true", help="start with a UTF-8 BOM, for Excel")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="bilateral",
        description="Track the relations between two countries. "
        "Without a command, opens the desktop app.",
    )
    parser.add_argument(
        "--db", type=Path, help="database file (default: BILATERAL_DB or the user data folder)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("seed", help="add the seed records (running it twice adds nothing)")
    importer = commands.add_parser("import", help="import a records CSV, all rows or none")
    importer.add_argument("file", type=Path)
    importer.add_argument("--on-duplicate", choices=csvfile.ON_DUPLICATE, default="skip")
    importer.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    export = commands.add_parser("export", help="export records or a summary as CSV")
    what = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    records = what.add_parser("records", help="every matching record, losslessly")
    _add_filters(records)
    _add_output(records)
    summary = what.add_parser("summary", help="counts and USD totals per pair, period and kind")
    summary.add_argument("--by", choices=query.PERIODS, default="year")
    _add_filters(summary)
    _add_output(summary)
    commands.add_parser("check", help="integrity and schema report")
    kinds = commands.add_parser("kinds", help="list the kinds, or add one of your own")
    kinds.add_argument("--add", metavar="NAME", help="add a kind with this name")
    kinds.add_argument("--cameo", default="", help="its CAMEO root code, such as 057")
    kinds.add_argument("--quad", type=int, choices=(1, 2, 3, 4), help="its CAMEO quad class")
    kinds.add_argument("--color", default="#7f7f7f", help="its colour, such as #336699")
    backup = commands.add_parser(
        "backup", help="copy the database into the backups folder beside it"
    )
    backup.add_argument(
        "--keep", type=int, help="how many backups to keep from now on (default 10)"
    )
    restore = commands.add_parser(
        "restore", help="replace the database with a backup (after backing it up)"
    )
    restore.add_argument(
        "backup", type=Path, nargs="?", help="the backup file; without it, list the backups"
    )
    for sub in (*commands.choices.values(), records, summary):
        sub.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="database file")
    return parser


def _filter(args: argparse.Namespace) -> query.Filter:
    return query.Filter(
        pair=args.pair,
        kinds=[k.lower() for k in args.kind],
        since=args.since,
        until=args.until,
        statuses=[s.lower() for s in args.status],
        text=args.text,
    )


def _missing(path: Path, default: bool) -> str:
    if default:
        return (
            f"The default database {path} does not exist yet. Open the window (bilateral) "
            "or run `bilateral seed` to create it with the seed records."
        )
    return (
        f"{path} does not exist. Check the name, or create a new database with "
        f"`bilateral seed --db {path}`."
    )


def _open(args: argparse.Namespace, *, write: bool = False, fallback: bool = True) -> Database:
    """Open the database; only writing commands may create it.

    :param write: the command changes the database: it may create the file, and the
        database is backed up first when its newest backup is a day old.
    :param fallback: a newer or read-only file is opened read-only with a warning
        (never for writing commands).
    """
    path = args.db or default_database_path()
    if not write and not os.path.lexists(path):
        # A mistyped name must not become a new, empty database.
        raise DatabaseProblem(_missing(path, args.db is None))
    try:
        db = open_database(args.db, create=write) if args.db else open_default()
    except (NewerDatabase, ReadOnlyDatabase) as problem:
        if write or not fallback:
            raise
        _say(f"bilateral: {problem} Opened read-only.", err=True)
        return open_database(path, readonly=True)
    if write:
        backup_if_due(db, db_path(db))
    return db


def _seed(args: argparse.Namespace) -> int:
    report = seed(_open(args, write=True))
    _say(f"Added {report.added} seed records ({report.skipped} were already there).")
    return 0


def _import(args: argparse.Namespace) -> int:
    # A dry run writes nothing, so it never creates the file, but it needs one it could change.
    db = _open(args, write=not args.dry_run, fallback=False)
    refuse_database_source(args.file, db_path(db))
    try:
        report = csvfile.import_records(
            db, args.file, on_duplicate=args.on_duplicate, dry_run=args.dry_run
        )
    except csvfile.ImportFailed as failed:
        _say(
            f"{args.file}: nothing imported, {failed.report.problem_count} problem(s):",
            err=True,
        )
        for problem in failed.report.problems[:50]:
            _say(f"  {problem}", err=True)
        if failed.report.problem_count > 50:
            _say(f"  … and {failed.report.problem_count - 50} more", err=True)
        return 1
    verb = "Would add" if args.dry_run else "Added"
    _say(f"{verb} {report.added}, updated {report.updated}, skipped {report.skipped} existing.")
    return 0


def _export(args: argparse.Namespace) -> int:
    db = _open(args)
    where = _filter(args)
    out = args.out or sys.stdout
    if args.what == "records":
        csv_export.export_records(db, out, where, bom=args.bom)
    else:
        rows = query.summarize(db, args.by, where)
        csv_export.export_summary(rows, out, bom=args.bom, database=db_path(db))
    return 0


def _check(args: argparse.Namespace) -> int:
    from bilateral.db.store import check_report

    ok, lines = check_report(_open(args))
    _say("\n".join(lines))
    return 0 if ok else 1


def _kinds(args: argparse.Namespace) -> int:
    db = _open(args, write=bool(args.add))
    if args.add:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", args.color):
            raise BilateralError(f"--color {args.color!r}: write a colour as #RRGGBB")
        if args.cameo and not re.fullmatch(r"\d{2,4}", args.cameo):
            raise BilateralError(f"--cameo {args.cameo!r}: a CAMEO code has 2 to 4 digits")
        kind = add_kind(db, args.add, args.cameo, args.quad, args.color)
        _say(f"Added the kind {kind.name}.")
        return 0
    for kind in list_kinds(db):
        quad = "" if kind.quad_class is None else kind.quad_class
        _say(f"{kind.name}\t{kind.cameo_code}\t{quad}\t{kind.color}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    db = _open(args)
    if args.keep is not None:
        set_kept(db, args.keep)
    path = make_backup(db, db_path(db))
    _say(f"Backed up to {path} (keeping the newest {kept(db)}).")
    return 0


def _restore(args: argparse.Namespace) -> int:
    target = args.db or default_database_path()
    if args.backup is None:
        backups = list_backups(target)
        if not backups and not os.path.lexists(target):
            # Backups of a deleted database are still listed: restoring is how it comes back.
            raise DatabaseProblem(f"{_missing(target, args.db is None)} It has no backups either.")
        for backup in backups:
            records = "?" if backup.records is None else backup.records
            _say(f"{backup.path}\t{backup.taken_at:%Y-%m-%d %H:%M:%S}\t{records} records")
        return 0
    safety = restore_backup(args.backup, target)
    saved = f" The previous contents were backed up to {safety}." if safety else ""
    _say(f"Restored {target} from {args.backup}.{saved}")
    return 0


def main(
    argv: Sequence[str] | None = None, open_window: Callable[[Path | None], int] | None = None
) -> int:
    """Run the command line; without a command call ``open_window`` with the --db path."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        if open_window is None:
            _say("The desktop window is not available here.", err=True)
            return 0
        return open_window(args.db)
    handler = {
        "seed": _seed,
        "import": _import,
        "export": _export,
        "check": _check,
        "kinds": _kinds,
        "backup": _backup,
        "restore": _restore,
    }[args.command]
    try:
        return handler(args)
    except InvalidRecord as invalid:
        _say(f"bilateral: {'; '.join(p.message for p in invalid.problems)}", err=True)
        return 1
    except BilateralError as error:
        _say(f"bilateral: {error}", err=True)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as error:
        what = "the disk is full" if error.errno == errno.ENOSPC else error.strerror or str(error)
        _say(f"bilateral: {what}: {error.filename or ''}".rstrip(": "), err=True)
        return 1
    except sqlite3.Error as error:
        # The last resort: SQLite rolled back the unfinished change, so nothing was saved.
        _say(f"bilateral: {_sqlite_message(error, args)}", err=True)
        return 1


def _sqlite_message(error: sqlite3.Error, args: argparse.Namespace) -> str:
    name = args.db or default_database_path()
    if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
        return f"{name}: the disk is full; nothing was saved. Free some space and try again."
    return f"{name}: SQLite failed ({error}); nothing was saved."


def _say(text: str, *, err: bool = False) -> None:
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

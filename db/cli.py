"""The headless command line (seed, import, export, check, kinds, backup, restore), without Qt."""

from __future__ import annotations

import argparse
import re
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
from bilateral.db.errors import BilateralError, InvalidRecord
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


def _open(args: argparse.Namespace, *, write: bool = False) -> Database:
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


def _seed(args: argparse.Namespace) -> int:
    report = seed(_open(args, write=True))
    print(f"Added {report.added} seed records ({report.skipped} were already there).")
    return 0


def _import(args: argparse.Namespace) -> int:
    db = _open(args, write=True)
    try:
        report = csvfile.import_records(
            db, args.file, on_duplicate=args.on_duplicate, dry_run=args.dry_run
        )
    except csvfile.ImportFailed as failed:
        print(
            f"{args.file}: nothing imported, {failed.report.problem_count} problem(s):",
            file=sys.stderr,
        )
        for problem in failed.report.problems[:50]:
            print(f"  {problem}", file=sys.stderr)
        if failed.report.problem_count > 50:
            print(f"  … and {failed.report.problem_count - 50} more", file=sys.stderr)
        return 1
    verb = "Would add" if args.dry_run else "Added"
    print(f"{verb} {report.added}, updated {report.updated}, skipped {report.skipped} existing.")
    return 0


def _export(args: argparse.Namespace) -> int:
    db = _open(args)
    where = _filter(args)
    out = args.out or sys.stdout
    if args.what == "records":
        csv_export.export_records(db, out, where, bom=args.bom)
    else:
        csv_export.export_summary(query.summarize(db, args.by, where), out, bom=args.bom)
    return 0


def _check(args: argparse.Namespace) -> int:
    from bilateral.db.store import check_report

    ok, lines = check_report(_open(args))
    print("\n".join(lines))
    return 0 if ok else 1


def _kinds(args: argparse.Namespace) -> int:
    db = _open(args, write=bool(args.add))
    if args.add:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", args.color):
            raise BilateralError(f"--color {args.color!r}: write a colour as #RRGGBB")
        if args.cameo and not re.fullmatch(r"[0-9]{2,4}", args.cameo):
            raise BilateralError(f"--cameo {args.cameo!r}: a CAMEO code has 2 to 4 digits")
        kind = add_kind(db, args.add, args.cameo, args.quad, args.color)
        print(f"Added the kind {kind.name}.")
        return 0
    for kind in list_kinds(db):
        quad = "" if kind.quad_class is None else kind.quad_class
        print(f"{kind.name}\t{kind.cameo_code}\t{quad}\t{kind.color}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    db = _open(args)
    if args.keep is not None:
        set_kept(db, args.keep)
    path = make_backup(db, db_path(db))
    print(f"Backed up to {path} (keeping the newest {kept(db)}).")
    return 0


def _restore(args: argparse.Namespace) -> int:
    target = args.db or default_database_path()
    if args.backup is None:
        for backup in list_backups(target):
            records = "?" if backup.records is None else backup.records
            print(f"{backup.path}\t{backup.taken_at:%Y-%m-%d %H:%M:%S}\t{records} records")
        return 0
    safety = restore_backup(args.backup, target)
    saved = f" The previous contents were backed up to {safety}." if safety else ""
    print(f"Restored {target} from {args.backup}.{saved}")
    return 0


def main(
    argv: Sequence[str] | None = None, open_window: Callable[[Path | None], int] | None = None
) -> int:
    """Run the command line; without a command call ``open_window`` with the --db path."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        if open_window is None:
            print("The desktop window is not available here.", file=sys.stderr)
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
        print(f"bilateral: {'; '.join(p.message for p in invalid.problems)}", file=sys.stderr)
        return 1
    except BilateralError as error:
        print(f"bilateral: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as error:
        print(
            f"bilateral: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return 1

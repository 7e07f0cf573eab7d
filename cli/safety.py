"""Commands that keep the file safe: check, backup and restore."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bilateral.cli.command import Command
from bilateral.cli.options import missing, open_db, say
from bilateral.db import totals
from bilateral.db.backup import kept, list_backups, make_backup, set_kept
from bilateral.db.connection import db_path, write_transaction
from bilateral.db.errors import DatabaseProblem
from bilateral.db.restoring import restore_backup
from bilateral.db.seed import default_database_path
from bilateral.db.store import check_report

GROUP = "Checks and backups"


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rebuild-totals",
        action="store_true",
        help="count the summary's kept totals again from the records, then check",
    )


def _check(args: argparse.Namespace) -> int:
    # The quick check at open gives a damaged file its plain message before the full check.
    db = open_db(args, always=True)
    if args.rebuild_totals:
        with write_transaction(db):
            totals.rebuild(db)
        say("Counted the summary totals again from the records.")
    ok, lines = check_report(db)
    say("\n".join(lines))
    return 0 if ok else 1


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--keep", type=int, help="how many backups to keep from now on (default 10)"
    )


def _backup(args: argparse.Namespace) -> int:
    db = open_db(args, always=True)  # a damaged file must never become a backup
    if args.keep is not None:
        set_kept(db, args.keep)
    path = make_backup(db, db_path(db))
    say(f"Backed up to {path} (keeping the newest {kept(db)}).")
    return 0


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "backup", type=Path, nargs="?", help="the backup file; without it, list the backups"
    )


def _restore(args: argparse.Namespace) -> int:
    target = args.db or default_database_path()
    if args.backup is None:
        backups = list_backups(target)
        if not backups and not os.path.lexists(target):
            # Backups of a deleted database are still listed: restoring is how it comes back.
            raise DatabaseProblem(f"{missing(target, args.db is None)} It has no backups either.")
        for backup in backups:
            records = "?" if backup.records is None else backup.records
            say(f"{backup.path}\t{backup.taken_at:%Y-%m-%d %H:%M:%S}\t{records} records")
        return 0
    safety = restore_backup(args.backup, target)
    saved = f" The previous contents were backed up to {safety}." if safety else ""
    say(f"Restored {target} from {args.backup}.{saved}")
    return 0


COMMANDS = (
    Command(
        "check",
        "run SQLite's integrity check and report the schema",
        "bilateral check --db relations.db",
        _check,
        _check_arguments,
    ),
    Command(
        "backup",
        "copy the database into the backups folder beside it",
        "bilateral backup --keep 20",
        _backup,
        _backup_arguments,
    ),
    Command(
        "restore",
        "list the backups, or replace the database with one (after backing it up)",
        "bilateral restore backups/bilateral-20231106-093000-000000.db",
        _restore,
        _restore_arguments,
    ),
)

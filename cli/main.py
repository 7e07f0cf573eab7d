"""The `bilateral` entry point: the parser built from every group, errors told in one line."""

from __future__ import annotations

import argparse
import errno
import importlib
import sqlite3
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from bilateral.cli import history, kinds, parties, records, safety, serve
from bilateral.cli.command import Command
from bilateral.cli.display import NO_DISPLAY, display_missing
from bilateral.cli.options import close_opened, say
from bilateral.db.errors import BilateralError, InvalidRecord
from bilateral.db.seed import default_database_path

# The groups in the order `bilateral --help` lists them.
GROUPS = (records, history, kinds, parties, safety, serve)
# Loaded by name, and only when no command is given: the command line itself never
# imports Qt, so it runs where there is no display.
WINDOW = "bilateral.desktop.shell.app"


def commands() -> dict[str, Command]:
    """Every command by name."""
    return {command.name: command for group in GROUPS for command in group.COMMANDS}


def _overview() -> str:
    width = max(len(name) for name in commands()) + 2
    lines = []
    for group in GROUPS:
        lines.append(f"{group.GROUP}:" if not lines else f"\n{group.GROUP}:")
        for command in group.COMMANDS:
            lines.append(f"  {command.name:<{width}}{command.help}")
            lines.append(f"  {'':<{width}}e.g. {command.example}")
    lines.append("")
    lines.append("Without a command, bilateral opens the desktop window.")
    lines.append("Run `bilateral COMMAND --help` for the options of one command.")
    return "\n".join(lines)


def _version() -> str:
    try:
        return metadata.version("bilateral")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="bilateral",
        usage="bilateral [-h] [--version] [--db FILE] [COMMAND [OPTIONS]]",
        description="Track the relations between two countries: visits, agreements, aid, "
        "loans, statements and allegations, with their sources.",
        epilog=_overview(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bilateral {_version()}")
    parser.add_argument(
        "--db",
        metavar="FILE",
        type=Path,
        help="database file (default: BILATERAL_DB or the user data folder)",
    )
    # The commands are listed by group in the epilog, so argparse's flat list is hidden.
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS)
    for command in commands().values():
        sub = subparsers.add_parser(
            command.name,
            description=f"{command.help[:1].upper()}{command.help[1:]}.",
            epilog=f"example: {command.example}",
        )
        command.arguments(sub)
        for each in (sub, *_nested(sub)):
            each.add_argument(
                "--db", metavar="FILE", type=Path, default=argparse.SUPPRESS, help="database file"
            )
    return parser


def _nested(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parsers of a command's own subcommands (export records, export summary)."""
    found = []
    for action in parser._actions:  # argparse offers no public way to list them
        if isinstance(action, argparse._SubParsersAction):
            found += list(action.choices.values())
    return found


def _open_window(db_path: Path | None) -> int:
    if display_missing():
        say(NO_DISPLAY, err=True)
        return 1
    return importlib.import_module(WINDOW).run(db_path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `bilateral` with ``argv`` (default: the process arguments)."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        return _open_window(args.db)
    finished = False
    try:
        code = commands()[args.command].run(args)
        finished = True
        return code
    except InvalidRecord as invalid:
        say(f"bilateral: {'; '.join(p.message for p in invalid.problems)}", err=True)
        return 1
    except BilateralError as error:
        say(f"bilateral: {error}", err=True)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as error:
        what = "the disk is full" if error.errno == errno.ENOSPC else error.strerror or str(error)
        say(f"bilateral: {what}: {error.filename or ''}".rstrip(": "), err=True)
        return 1
    except sqlite3.Error as error:
        # The last resort: SQLite rolled back the unfinished change, so nothing was saved.
        say(f"bilateral: {_sqlite_message(error, args)}", err=True)
        return 1
    finally:
        # After a failure nothing is noted: the next command checks the file.
        close_opened(finished=finished)


def _sqlite_message(error: sqlite3.Error, args: argparse.Namespace) -> str:
    name = args.db or default_database_path()
    if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
        return f"{name}: the disk is full; nothing was saved. Free some space and try again."
    return f"{name}: SQLite failed ({error}); nothing was saved."

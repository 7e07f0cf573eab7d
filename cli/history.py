"""The history commands: a record's revisions, the change log, deleted records, imports undone."""

from __future__ import annotations

import argparse

from bilateral.cli.command import Command
from bilateral.cli.options import open_db, say
from bilateral.db import as_of, batches, history, history_text, versions
from bilateral.db.errors import BilateralError

GROUP = "History"
SHOWN = 200


def _history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("uid", nargs="?", help="the record whose revisions to show")
    parser.add_argument(
        "--since",
        metavar="MOMENT",
        help="every change from then on, across records: 2026-06-01 or 2026-06-01T12:00:00Z",
    )
    parser.add_argument(
        "--deleted", action="store_true", help="the records deleted and not brought back"
    )
    parser.add_argument(
        "--revert-to",
        type=int,
        metavar="N",
        help="make the record what its version N was (a new revision; a deleted record comes back)",
    )
    parser.add_argument(
        "--bring-back",
        action="store_true",
        help="bring back a deleted record as it was, with the links others held to it",
    )


def _print_revision(revision: history.Revision, title: str = "") -> None:
    said = f"  {revision.uid}  {title}".rstrip() if title else ""
    say(history_text.heading(revision) + said)
    for line in history_text.change_lines(revision):
        say(f"    {line}")


def _history(args: argparse.Namespace) -> int:
    chosen = [bool(args.uid), args.since is not None, args.deleted]
    if sum(chosen) != 1:
        raise BilateralError("Give a record's UID, or --since MOMENT, or --deleted.")
    if (args.revert_to is not None or args.bring_back) and not args.uid:
        raise BilateralError("--revert-to and --bring-back need the record's UID.")
    db = open_db(args, write=args.revert_to is not None or args.bring_back)
    if args.deleted:
        found = history.deleted_records(db)
        for revision in found:
            title, when = revision.before("title") or "", history_text.when(revision.at)
            say(f"{revision.uid}\t{title}\tdeleted {when} ({history_text.origin_text(revision)})")
        if found:
            say("Bring one back with: bilateral history UID --bring-back")
        else:
            say("No deleted records.")
        return 0
    if args.since is not None:
        moment = as_of.moment(args.since)
        found = history.since(db, moment, SHOWN + 1)
        for revision in found[:SHOWN]:
            _print_revision(revision, _title(revision))
        if len(found) > SHOWN:
            say(f"… only the newest {SHOWN} are shown; a later --since shows fewer.")
        if not found:
            say(f"No changes since {moment}.")
        return 0
    uid = args.uid.strip()
    if args.bring_back:
        record = versions.bring_back(db, uid)
        say(f"Brought back {record.title!r} ({uid}) as it was when it was deleted.")
        return 0
    if args.revert_to is not None:
        record = versions.revert(db, uid, args.revert_to)
        say(f"{uid} is now what version {args.revert_to} was: {record.title!r}.")
        return 0
    found = history.revisions(db, uid)
    if not found:
        raise BilateralError(f"There is no history of a record with uid {uid!r}.")
    now = versions.current(db, uid)
    say(f"{uid}  {now.title if now else '(deleted)'}")
    for revision in found:
        _print_revision(revision)
    return 0


def _title(revision: history.Revision) -> str:
    return str(revision.before("title") or "") if revision.operation == "delete" else ""


def _imports_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="what", metavar="ACTION")
    undo = what.add_parser(
        "undo", help="undo one import: its new records deleted, updates put back"
    )
    undo.add_argument("id", type=int, help="the import's number, as `bilateral imports` lists it")
    undo.add_argument(
        "--force", action="store_true", help="undo the rest when some of its records changed since"
    )


def _imports(args: argparse.Namespace) -> int:
    undoing = getattr(args, "what", None) == "undo"
    db = open_db(args, write=undoing)
    if undoing:
        done = batches.undo(db, args.id, force=args.force)
        say(
            f"Undid import {args.id} ({done.batch.file}): deleted {done.deleted:,} record(s) it "
            f"added, put back {done.restored:,} it updated."
        )
        if done.skipped:
            say(f"Left {len(done.skipped):,} changed since as they are:")
            for uid, title in done.skipped[: batches.SHOWN]:
                say(f"  {uid}  {title}")
        return 0
    found = batches.list_batches(db)
    for b in found:
        when = history_text.when(b.at)
        counts = f"added {b.added:,}, updated {b.updated:,}, unchanged {b.unchanged:,}"
        counts += f", {b.conflicts:,} conflict{'s' * (b.conflicts != 1)}"
        undone = f"\tundone {history_text.when(b.undone_at)}" if b.undone_at else ""
        size = f"{b.size:,} bytes" if b.size is not None else ""
        say(
            f"{b.id}\t{when}\t{b.origin}\t{b.file}\t{size}\tsha256 {b.sha256[:12]}\t{counts}{undone}"
        )
    if not found:
        say("No imports yet.")
    return 0


COMMANDS = (
    Command(
        "history",
        "a record's revisions, old → new; the changes since a moment; deleted records",
        "bilateral history seed-chn-cub-donation-2023",
        _history,
        _history_arguments,
    ),
    Command(
        "imports",
        "the imports, each with its file and counts; undo one",
        "bilateral imports undo 3",
        _imports,
        _imports_arguments,
    ),
)

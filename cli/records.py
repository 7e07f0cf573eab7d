"""Commands on records: seed, import and export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bilateral.cli import show
from bilateral.cli.command import Command
from bilateral.cli.options import add_filters, add_output, filter_of, open_db, say
from bilateral.db import (
    aiddata,
    as_of,
    csv_export,
    csvfile,
    datapackage,
    events_export,
    gdelt,
    import_any,
    parties,
    party_csv,
    query,
    summary,
    xlsx,
)
from bilateral.db.connection import db_path
from bilateral.db.csv_rows import Duplicate
from bilateral.db.errors import BilateralError
from bilateral.db.files import refuse_database_source
from bilateral.db.seed import seed

GROUP = "Records"
SHOWN_PROBLEMS = 50
IMPORT_FORMATS = (*aiddata.FORMATS, "gdelt")  # records, aiddata, gdelt


def _seed(args: argparse.Namespace) -> int:
    report = seed(open_db(args, write=True))
    say(f"Added {report.added} seed records ({report.skipped} were already there).")
    return 0


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        help="what the file holds: a records CSV or workbook, AidData's GCDF projects "
        "(.csv or .xlsx; told from the header when --format is left out), or a GDELT "
        "events file (2.0 *.export.CSV or its .zip, or 1.0), keeping the events between "
        "two states",
    )
    parser.add_argument(
        "--on-duplicate",
        choices=csvfile.ON_DUPLICATE,
        default="merge",
        help="a row whose uid exists: merge it (the default; 'update' is its old name), "
        "skip it, or refuse the file",
    )
    parser.add_argument(
        "--on-conflict",
        choices=csvfile.ON_CONFLICT,
        default="keep",
        help="a row edited in the file whose record also changed in the database since: "
        "keep the stored version (the default) or take the file's",
    )
    parser.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="add rows without uid that match a record already there (same pair, kind, "
        "date, title and amount)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    parser.add_argument("--pair", help="gdelt: only the events of this pair, such as CHN-CUB")
    parser.add_argument(
        "--group",
        choices=gdelt.GROUPS,
        default="event",
        help="gdelt: a record per event (the default), or per pair, day and CAMEO root code",
    )


def _import(args: argparse.Namespace) -> int:
    # A dry run writes nothing, so it never creates the file, but it needs one it could change.
    db = open_db(args, write=not args.dry_run, fallback=False)
    refuse_database_source(args.file, db_path(db))
    if args.format == "gdelt" or (args.format is None and import_any.is_gdelt(args.file)):
        return _import_gdelt(args, db)
    if args.pair or args.group != "event":
        raise BilateralError("--pair and --group are for --format gdelt")
    try:
        report = csvfile.import_records(
            db,
            args.file,
            layout=aiddata.layout(db, args.file, args.format),
            on_duplicate=args.on_duplicate,
            on_conflict=args.on_conflict,
            allow_duplicates=args.allow_duplicates,
            dry_run=args.dry_run,
        )
    except csvfile.ImportFailed as failed:
        _print_problems(args, failed.report)
        return 1
    for line in import_summary(report, args.dry_run):
        say(line)
    _print_notes(report)
    return 0


def _import_gdelt(args: argparse.Namespace, db) -> int:
    if (args.on_duplicate, args.on_conflict, args.allow_duplicates) != ("merge", "keep", False):
        raise BilateralError(
            "a GDELT import merges on uid: leave out --on-duplicate, "
            "--on-conflict and --allow-duplicates"
        )
    pair = query.parse_pair(args.pair, parties.table(db)) if args.pair else None
    try:
        result = gdelt.import_gdelt(
            db, args.file, pair=pair, group=args.group, dry_run=args.dry_run
        )
    except csvfile.ImportFailed as failed:
        _print_problems(args, failed.report)
        return 1
    for line in import_summary(result.report, args.dry_run):
        say(line)
    say(f"Read {result.events:,} GDELT events, kept {result.kept:,}; {result.skip_summary()}.")
    return 0


def import_summary(report: csvfile.ImportReport, dry_run: bool = False) -> list[str]:
    """The lines that tell what an import did (or, ``dry_run``, would do)."""
    r = report
    would = "would be " if dry_run else ""
    counts = f"{'Would add' if dry_run else 'Added'} {r.added:,}, updated {r.updated:,}, "
    counts += f"unchanged {r.unchanged:,}, {r.conflicts:,} conflict{'s' * (r.conflicts != 1)}"
    if r.conflicts:
        counts += f" ({r.conflicts_taken:,} {would}taken from the file)"
    if r.skipped:
        counts += f", skipped {r.skipped:,} existing"
    lines = [counts + "."]
    if r.duplicate_count:
        fate = f"{would}added anyway" if r.duplicates_allowed else f"{would}skipped"
        lines.append(f"{r.duplicate_count:,} duplicate(s) of records already there, {fate}:")
        lines += [f"  {_duplicate_text(d)}" for d in r.duplicates[:SHOWN_PROBLEMS]]
        lines += _more(r.duplicate_count - SHOWN_PROBLEMS)
    if r.changes:
        lines.append("Changes:")
        lines += [
            f"  row {c.row} ({c.uid}), {c.field}: {c.old!r} → {c.new!r}"
            + (" [conflict]" if c.kind == "conflict" else "")
            for c in r.changes[:SHOWN_PROBLEMS]
        ]
        lines += _more(len(r.changes) - SHOWN_PROBLEMS)
    return lines


def _duplicate_text(duplicate: Duplicate) -> str:
    where = f"row {duplicate.earlier_row} of the file" if duplicate.earlier_row else duplicate.uid
    return f"row {duplicate.row}: same as {duplicate.title!r} ({where})"


def _more(n: int) -> list[str]:
    return [f"  … and {n:,} more"] if n > 0 else []


def _print_notes(report: csvfile.ImportReport) -> None:
    """Notes on rows that were imported but deserve a look, such as a USD value left empty."""
    if not report.note_count:
        return
    say(f"{report.note_count} note(s):")
    for note in report.notes[:SHOWN_PROBLEMS]:
        say(f"  {note}")
    if report.note_count > SHOWN_PROBLEMS:
        say(f"  … and {report.note_count - SHOWN_PROBLEMS} more")


def _print_problems(args: argparse.Namespace, report: csvfile.ImportReport) -> None:
    say(f"{args.file}: nothing imported, {report.problem_count} problem(s):", err=True)
    for problem in report.problems[:SHOWN_PROBLEMS]:
        say(f"  {problem}", err=True)
    if report.problem_count > SHOWN_PROBLEMS:
        say(f"  … and {report.problem_count - SHOWN_PROBLEMS} more", err=True)


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    records = what.add_parser("records", help="every matching record, losslessly")
    add_filters(records)
    add_output(records)
    _add_as_of(records)
    summary_parser = what.add_parser(
        "summary", help="counts and USD totals per pair, period, kind and direction"
    )
    summary_parser.add_argument("--by", choices=query.PERIODS, default="year")
    add_filters(summary_parser)
    add_output(summary_parser)
    _add_as_of(summary_parser)
    events = what.add_parser(
        "events", help="the matching records as event data for other tools (PLOVER JSON lines)"
    )
    events.add_argument(
        "--format",
        choices=("plover", "gdelt"),
        default="plover",
        help="plover: one JSON event per line, its type from the record's CAMEO code; "
        "gdelt: GDELT 2.0 export rows (61 tab-separated columns, no header)",
    )
    events.add_argument("--out", type=Path, help="write here instead of standard output")
    add_filters(events)
    parties_parser = what.add_parser(
        "parties", help="the organisations and groups with their members, to share a list"
    )
    parties_parser.add_argument(
        "--out", type=Path, metavar="FILE", help="write this CSV instead of standard output"
    )
    parties_parser.add_argument(
        "--bom", action="store_true", help="start with a UTF-8 BOM, for Excel"
    )


def _add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--datapackage",
        action="store_true",
        help="also write datapackage.json beside the --out CSV, declaring each column's type "
        "(so pandas, R and Frictionless keep 070 as 070)",
    )
    parser.add_argument(
        "--as-of",
        metavar="MOMENT",
        help="the records as they were then, such as 2026-06-01T12:00:00Z (a date alone: "
        "its first second, UTC), to reproduce a table made earlier",
    )


def _export(args: argparse.Namespace) -> int:
    if getattr(args, "datapackage", False) and (args.out is None or xlsx.is_xlsx_name(args.out)):
        raise BilateralError("--datapackage describes a CSV file: give --out FILE.csv")
    if getattr(args, "datapackage", False):
        datapackage.check_descriptor(args.out)
    db = open_db(args)
    if args.what == "parties":
        if args.out is not None and xlsx.is_xlsx_name(args.out):
            raise BilateralError("export parties writes CSV: name the file .csv")
        party_csv.export_parties(db, args.out or sys.stdout, bom=args.bom)
        return 0
    where = filter_of(args, db)
    if args.what == "events" and args.format == "gdelt":
        events_export.export_gdelt(db, args.out or sys.stdout, where, parties.table(db).name)
        return 0
    if args.what == "events":
        report = events_export.export_plover(db, args.out or sys.stdout, where)
        if report.uncoded:
            say(
                f"{report.uncoded:,} of {report.written:,} events have no PLOVER type (CAMEO 01 "
                "statements and 02 appeals, which PLOVER does not code): has_event false.",
                err=True,
            )
        return 0
    if args.as_of is None:
        return _export_from(args, db, db, where)
    with as_of.as_of(db, as_of.moment(args.as_of)) as then:
        return _export_from(args, then, db, where)


def _export_from(args: argparse.Namespace, db, named, where: query.Filter) -> int:
    """Export from ``db`` (the database, or its copy as of a moment), named as ``named``."""
    out = args.out or sys.stdout
    if args.out is not None and xlsx.is_xlsx_name(args.out):
        if args.bom:
            raise BilateralError("--bom is for a CSV file; a workbook (.xlsx) needs none.")
        if args.what == "records":
            xlsx.export_records(db, args.out, where)
        else:
            rows = summary.summarize(db, args.by, where)
            xlsx.export_summary(rows, args.out, database=db_path(named))
        return 0
    if args.what == "records":
        csv_export.export_records(db, out, where, bom=args.bom)
    else:
        lines = summary.summary_lines(db, args.by, where)
        csv_export.export_summary_lines(lines, out, bom=args.bom, database=db_path(named))
    if args.datapackage:
        datapackage.write_descriptor(args.out, args.what, bom=args.bom)
    return 0


COMMANDS = (
    Command(
        "seed",
        "add the records of the seed article (running it twice adds nothing)",
        "bilateral seed",
        _seed,
    ),
    Command(
        "import",
        "import a records CSV or .xlsx workbook, or AidData's GCDF projects: every row, "
        "or none and each problem by row",
        "bilateral import records.csv --on-conflict file",
        _import,
        _import_arguments,
    ),
    Command(
        "export",
        "export the matching records, a summary (CSV, or .xlsx with --out FILE.xlsx), "
        "or the parties (CSV)",
        "bilateral export summary --pair CHN-CUB --by year --out summary.csv",
        _export,
        _export_arguments,
    ),
    *show.COMMANDS,
)

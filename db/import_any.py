"""Any file the app imports, told by its content: records CSV or workbook, AidData, GDELT."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Collection
from pathlib import Path

from sqlite_utils import Database

from bilateral.db import aiddata, csvfile, gdelt
from bilateral.db.csv_rows import ImportReport, RowProblem
from bilateral.db.csvfile import CancelFn, ProgressFn

_GDELT_WIDTHS = tuple(gdelt.LAYOUTS)  # 61 (2.0), 58 and 57 (1.0)


def is_gdelt(path: str | os.PathLike) -> bool:
    """Whether the file is a GDELT events file: tab-separated lines of 57, 58 or 61 cells
    that start with a numeric event id and a YYYYMMDD date, or a .zip of one such file."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):  # GDELT serves one export per .zip; a workbook is a zip too
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if len(members) != 1:
                    return False
                with archive.open(members[0]) as raw:
                    first = raw.readline(1 << 16).decode("utf-8", "replace").rstrip("\r\n")
        else:
            with path.open("rb") as raw:
                first = raw.readline(1 << 16).decode("utf-8", "replace").rstrip("\r\n")
    except (OSError, zipfile.BadZipFile):
        return False
    cells = first.split("\t")
    return len(cells) in _GDELT_WIDTHS and cells[0].isdigit() and len(cells[1]) == 8


def import_file(
    db: Database,
    path: str | os.PathLike,
    *,
    allow_duplicates: bool = False,
    take_file: Collection[str] = (),
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> ImportReport:
    """Import ``path`` as what its content says it is; the report a records import gives.

    A GDELT file keeps the events between two states, one record each; what it skipped
    is the report's first note.
    """
    if is_gdelt(path):
        result = gdelt.import_gdelt(
            db, path, dry_run=dry_run, progress=progress, cancelled=cancelled
        )
        said = f"GDELT: read {result.events:,} events, kept {result.kept:,}; "
        result.report.notes.insert(0, RowProblem(0, "", said + result.skip_summary()))
        result.report.note_count += 1
        return result.report
    return csvfile.import_records(
        db,
        path,
        allow_duplicates=allow_duplicates,
        take_file=take_file,
        dry_run=dry_run,
        layout=aiddata.layout(db, path, None),  # an AidData file is told by its header
        progress=progress,
        cancelled=cancelled,
    )

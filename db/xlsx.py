"""Records and summaries written as an Excel workbook: text typed as text, amounts as numbers."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sqlite_utils import Database

from bilateral.db import files
from bilateral.db.cells import COLUMNS
from bilateral.db.connection import db_path
from bilateral.db.csv_export import BATCH, _export_select
from bilateral.db.errors import BilateralError, Cancelled
from bilateral.db.query import Filter, count
from bilateral.db.summary import SUMMARY_COLUMNS, SummaryRow

SUFFIX = ".xlsx"
MAX_ROWS = 1_048_576  # the last row of a sheet, in Excel and LibreOffice alike
MAX_CELL = 32_767  # characters in one cell; openpyxl would cut a longer text short silently

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]

# Widths in characters: enough to read a code or date whole, and a title's start.
_WIDTHS = {
    "uid": 38,
    "actor": 7,
    "partner": 8,
    "direction": 10,
    "kind": 14,
    "date": 11,
    "end_date": 11,
    "title": 48,
    "summary": 60,
    "location": 18,
    "amount": 16,
    "currency": 9,
    "amount_usd": 16,
    "usd_basis": 10,
    "status": 12,
    "terms_disclosed": 8,
    "sectors": 24,
    "participants": 36,
    "sources": 48,
    "other_parties": 18,
    "cameo_code": 11,
    "quad_class": 10,
    "goldstein": 10,
    "created_at": 21,
    "updated_at": 21,
    "pair": 9,
    "period": 9,
    "records": 9,
    "uncounted_usd": 16,
    "first_date": 11,
    "last_date": 11,
}
_AMOUNTS = tuple(COLUMNS.index(c) for c in ("amount", "amount_usd", "goldstein"))
_QUAD = COLUMNS.index("quad_class")


def is_xlsx_name(path: str | os.PathLike) -> bool:
    """Whether an export to ``path`` should be a workbook, by its suffix."""
    return Path(path).suffix.lower() == SUFFIX


class _Sheet:
    """One write-only sheet: a frozen bold header, set widths, cells typed by value."""

    def __init__(self, header: Iterable[str], title: str, rows: int | None = None):
        # openpyxl is imported when a workbook is written: every command would pay for it.
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.exceptions import IllegalCharacterError

        self._cell, self._error_codes = WriteOnlyCell, ERROR_CODES
        self._illegal = IllegalCharacterError
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(title)
        header = list(header)
        if rows is not None:
            # A write-only sheet has no <dimension>; without one, openpyxl (and so the
            # import) parses the whole sheet once just to learn that there is none.
            last = f"{get_column_letter(len(header))}{rows + 1}"
            self.sheet.calculate_dimension = lambda: f"A1:{last}"
        for index, name in enumerate(header, 1):
            self.sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 14)
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        cells = []
        for name in header:
            cell = WriteOnlyCell(self.sheet, name)
            cell.font = bold
            cells.append(cell)
        self.sheet.append(cells)
        self.where = ""  # what the row being written is, for a message

    def text(self, value: str, column: str):
        """A text cell; one openpyxl would take for a formula or an error stays text."""
        if not value:
            return None  # an empty cell, not an empty string
        if len(value) > MAX_CELL:
            raise BilateralError(
                f"{self.where}: its {column} has {len(value):,} characters, more than the "
                f"{MAX_CELL:,} a spreadsheet cell holds; nothing was exported. "
                "Export as CSV (a name ending in .csv), which holds it whole."
            )
        if "\r" in value:
            # The XML of a sheet keeps no carriage return: it would come back as "\n".
            raise BilateralError(
                f"{self.where}: its {column} holds a carriage return, which a workbook turns "
                "into a plain line break; nothing was exported. Export as CSV (a name "
                "ending in .csv), which keeps it."
            )
        if "\ufffe" in value or "\uffff" in value:
            # XML has no such characters: openpyxl would write a workbook no program
            # (itself included) can open again.
            raise BilateralError(
                f"{self.where}: its {column} holds the non-character U+FFFE or U+FFFF, "
                "which no workbook can; nothing was exported. Export as CSV (a name "
                "ending in .csv), which keeps it."
            )
        if value.startswith("=") or value in self._error_codes:
            cell = self._cell(self.sheet, value)
            cell.data_type = "s"  # never a formula: openpyxl types '=…' as one
            cell.quotePrefix = True  # and editing it in Excel keeps it text
            return cell
        return value

    def number(self, value: float | None, column: str):
        """A number cell; a float openpyxl cannot write exactly is kept as exact text."""
        if value is None:
            return None
        # openpyxl writes 16 significant digits; a float that needs 17 would come back
        # different, so it goes as its exact text, which the import reads as the same.
        if float(f"{value:.16g}") != value:
            return self.text(repr(float(value)), column)
        return value

    def append(self, cells: list) -> None:
        try:
            self.sheet.append(cells)
        except self._illegal:
            raise BilateralError(
                f"{self.where}: a cell holds a control character no workbook can; "
                "nothing was exported. Export as CSV instead."
            ) from None

    def save(self, out: str | os.PathLike, database: str | os.PathLike | None) -> None:
        files.check_export_target(out, database)
        with files.whole_file(out, encoding=None) as stream:
            self.book.save(stream)

    def discard(self) -> None:
        """Finish and delete the sheet's temporary file after a failed or cancelled export."""
        with contextlib.suppress(Exception):
            self.sheet.close()
        with contextlib.suppress(Exception):
            self.sheet._writer.cleanup()


@contextlib.contextmanager
def _discarded_on_error(sheet: _Sheet) -> Iterator[_Sheet]:
    try:
        yield sheet
    except BaseException:
        sheet.discard()
        raise


def _too_many(rows: int) -> None:
    if rows >= MAX_ROWS:
        raise BilateralError(
            f"{rows:,} rows do not fit in a sheet, which has {MAX_ROWS - 1:,} below its "
            "header; nothing was exported. Narrow the filter, or export as CSV."
        )


def export_records(
    db: Database,
    out: str | os.PathLike,
    where: Filter | None = None,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> int:
    """Write the matching records, in the order they were added, as a workbook; return how many.

    The columns and list encodings are those of the records CSV. ``out`` is replaced
    only once the whole workbook is written.
    """
    database = db_path(db)
    files.check_export_target(out, database)  # before the work, not only after it
    total = count(db, where)
    _too_many(total)
    condition, params = (where or Filter()).where()
    numeric = set(_AMOUNTS) | {_QUAD}
    written = 0
    with _discarded_on_error(_Sheet(COLUMNS, "records", total)) as sheet:
        cursor = db.conn.execute(_export_select(condition, neutralised=False), params)
        while rows := cursor.fetchmany(BATCH):
            if cancelled and cancelled():
                raise Cancelled("Export cancelled.")
            for row in rows:
                sheet.where = f"the record {row[0]}"
                cells = [
                    value if index in numeric else sheet.text(value, COLUMNS[index])
                    for index, value in enumerate(row)
                ]
                for index in _AMOUNTS:
                    cells[index] = sheet.number(row[index], COLUMNS[index])
                cells[_QUAD] = int(row[_QUAD]) if row[_QUAD] else None
                sheet.append(cells)
            written += len(rows)
            if progress:
                progress(written / (total or 1))
        sheet.save(out, database)
    return written


def export_summary(
    rows: Iterable[SummaryRow],
    out: str | os.PathLike,
    *,
    database: str | os.PathLike | None = None,
) -> int:
    """Write summary rows as a workbook with the SUMMARY_COLUMNS header; return the count."""
    files.check_export_target(out, database)
    sheet = _Sheet(SUMMARY_COLUMNS, "summary")
    written = 0
    for row in rows:
        written += 1
        _too_many(written)
        sheet.where = f"summary row {written}"
        sheet.append(
            [_summary_cell(sheet, v, n) for n, v in zip(SUMMARY_COLUMNS, row, strict=True)]
        )
    sheet.save(out, database)
    return written


def _summary_cell(sheet: _Sheet, value: object, column: str):
    if isinstance(value, float):
        return sheet.number(value, column)
    if isinstance(value, int):
        return value
    return sheet.text(str(value), column)

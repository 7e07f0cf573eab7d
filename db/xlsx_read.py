"""Reading the first sheet of a workbook as the rows of a records CSV, by the sheet's row numbers."""

from __future__ import annotations

import datetime
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from bilateral.db.cells import COLUMNS, format_number
from bilateral.db.csv_read import REQUIRED, check_header
from bilateral.db.csv_rows import ImportFailed, ImportReport

WORKBOOK_PART = "xl/workbook.xml"
MAX_ROWS = 1_048_576  # the last row of a sheet, in Excel and LibreOffice alike
MAX_COLUMNS = 16_384  # column XFD
# openpyxl reads every part but the sheets whole into memory (the shared strings too).
MAX_PART = 256 * 1024 * 1024
# Deflate packs ordinary sheet XML 10-100 times; a ratio beyond this is a zip bomb.
MAX_RATIO = 500
ROW_BYTES = 400  # the importer's guess of one row's size, to judge a file's row count


_OLE = b"\xd0\xcf\x11\xe0"  # an old .xls (or any Office 97-2003 file)
_ZIP = b"PK\x03\x04"


def _fail(report: ImportReport, reason: str) -> ImportFailed:
    report.problem(0, "", reason)
    return ImportFailed(report)


def is_workbook(path: str | os.PathLike, report: ImportReport) -> bool:
    """Whether ``path`` is an .xlsx workbook, judged by its content, not its name.

    :raises ImportFailed: for a spreadsheet this cannot read (.xls, .ods) or another zip.
    """
    with open(path, "rb") as stream:
        head = stream.read(4)
    if head == _OLE:
        raise _fail(
            report,
            "the file is an old Excel workbook (.xls) or another Office 97-2003 file; "
            "save it as an Excel workbook (.xlsx) or as CSV (UTF-8) and import again",
        )
    if head != _ZIP:
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _fail(
            report, f"the file starts like a zip archive but is damaged ({error})"
        ) from None
    if WORKBOOK_PART in names:
        return True
    if b"opendocument" in mimetype:
        what = "an OpenDocument file (such as LibreOffice's .ods)"
        raise _fail(report, f"the file is {what}; save it as .xlsx or as CSV and import again")
    raise _fail(
        report,
        f"the file is a zip archive but not an Excel workbook (it has no {WORKBOOK_PART}); "
        "import a records CSV or an .xlsx workbook",
    )


def _check_archive(path: Path, report: ImportReport) -> None:
    """Refuse an archive whose parts would unpack to far more than any real workbook."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1 << 20 and ratio > MAX_RATIO:
                raise _fail(
                    report,
                    f"the workbook's part {info.filename} would unpack to {info.file_size:,} "
                    f"bytes, {ratio:,.0f} times its packed size: it is not a workbook a "
                    "spreadsheet wrote (a zip bomb?); nothing was read",
                )
            if info.file_size > MAX_PART and not info.filename.startswith("xl/worksheets/"):
                raise _fail(
                    report,
                    f"the workbook's part {info.filename} is {info.file_size:,} bytes, too "
                    f"large to read (at most {MAX_PART:,}); save the sheet as CSV and import that",
                )


class Sheet:
    """The first sheet of a workbook, read in a stream as (row number, cells) like a CSV."""

    def __init__(
        self,
        path: str | os.PathLike,
        report: ImportReport,
        columns: tuple[str, ...] = COLUMNS,
        required: tuple[str, ...] = REQUIRED,
    ):
        self.path, self.report = Path(path), report
        self.columns, self.required = columns, required
        _check_archive(self.path, report)
        # Opened here, not by name: openpyxl refuses a name not ending in .xlsx, but the
        # content decides (a workbook renamed .csv is one all the same).
        from openpyxl import load_workbook  # imported when a workbook is read

        self.stream = self.path.open("rb")
        try:
            self.book = load_workbook(self.stream, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged workbook
            self.stream.close()
            raise _fail(
                report, f"the workbook cannot be read ({type(error).__name__}: {error})"
            ) from None
        if not self.book.worksheets:
            self.close()
            raise _fail(report, "the workbook has no worksheet")
        self.sheet = self.book.worksheets[0]
        claimed_rows, claimed_columns = self.sheet.max_row or 0, self.sheet.max_column or 0
        if claimed_rows > MAX_ROWS or claimed_columns > MAX_COLUMNS:
            self.close()
            raise _fail(
                report,
                f"the sheet claims {claimed_rows:,} rows and {claimed_columns:,} columns; "
                f"a spreadsheet has at most {MAX_ROWS:,} and {MAX_COLUMNS:,}, so no "
                "spreadsheet wrote it; nothing was read",
            )
        # The claim is only a guess of the size; the rows are read as they are.
        self.estimated_rows = max(claimed_rows, 1)
        self.sheet.reset_dimensions()
        self.read = 0

    @property
    def size(self) -> int:
        """A size in bytes as the importer judges a CSV's, from the rows the sheet claims."""
        return self.estimated_rows * ROW_BYTES

    def fraction(self) -> float:
        """How much of the sheet has been read, 0 to 1."""
        return min(self.read / self.estimated_rows, 1.0)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield (row number as the sheet shows it, cells as text) after the header in row 1,
        which gets the records CSV's header check."""
        report = self.report
        try:
            names: list[str] | None = None
            number = records = 0
            for cells in self.sheet.iter_rows():
                number = _row_number(cells, number + 1)
                self.read = number
                if number > MAX_ROWS:
                    report.problem(number, "", f"the sheet has rows beyond row {MAX_ROWS:,}")
                    return
                if names is None:
                    if number != 1 or not any(c.value is not None for c in cells):
                        report.problem(1, "", "row 1 must hold the column names")
                        return
                    header = [_text(c, number, "", report) for c in cells]
                    while header and not header[-1].strip():
                        header.pop()  # trailing empty columns are no columns
                    names = check_header(header, report, self.columns, self.required)
                    if report.problem_count:
                        return
                    continue
                values = [_text(c, number, _name(names, i), report) for i, c in enumerate(cells)]
                while values and values[-1] == "":
                    values.pop()
                if not values:
                    continue  # an empty row, as a blank line in a CSV
                if len(values) > len(names):
                    report.problem(
                        number, "", f"has {len(values)} cells, the header has {len(names)}"
                    )
                    continue
                values += [""] * (len(names) - len(values))
                records += 1
                yield number, dict(zip(names, values, strict=True))
            if names is None:
                report.problem(0, "", "the first sheet is empty")
            elif not records and not report.problem_count:
                report.problem(0, "", "the file has a header but no records")
        finally:
            self.close()

    def close(self) -> None:
        """Close the workbook and its file."""
        self.book.close()
        self.stream.close()


def _name(names: list[str], index: int) -> str:
    return names[index] if index < len(names) else ""


def _row_number(cells: tuple, counted: int) -> int:
    """The sheet's own number of a row; openpyxl fills gaps with rows of empty cells."""
    for cell in cells:
        row = getattr(cell, "row", None)
        if row is not None:
            return row
    return counted


_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _date_text(value: datetime.datetime, number_format: str) -> str:
    """A date typed into a spreadsheet as the records format writes it.

    The cell's format says what was typed: 'mmm yyyy' shows a month, so the record
    gets the month (2023-11), not the first day of it.
    """
    if value.time() != datetime.time():
        return value.isoformat(timespec="seconds")
    shown = _LITERALS.sub("", number_format.lower())
    if "d" in shown:
        return value.strftime("%Y-%m-%d")
    if "m" in shown:
        return value.strftime("%Y-%m")
    if "y" in shown:
        return value.strftime("%Y")
    return value.strftime("%Y-%m-%d")


def _text(cell, row: int, column: str, report: ImportReport) -> str:
    """A cell's value as the text the records CSV would hold."""
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "e":
        report.problem(row, column, f"the cell holds the spreadsheet error {value}")
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, datetime.datetime):
        return _date_text(value, cell.number_format)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)

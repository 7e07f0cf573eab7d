"""Records and summaries as .xlsx workbooks, out and back in: typed cells, losslessly."""

from __future__ import annotations

import datetime
import re
import zipfile

import openpyxl
import pytest

from bilateral.db import csv_export, csvfile, summary, xlsx
from bilateral.db.cells import COLUMNS
from bilateral.db.csv_rows import ImportFailed
from bilateral.db.errors import BilateralError, Cancelled
from bilateral.db.records import Record, add_record, count_records, get_record
from bilateral.db.store import open_database


@pytest.fixture
def fresh(tmp_path):
    db = open_database(tmp_path / "fresh.db")
    yield db
    db.close()


@pytest.fixture
def exported(seeded_db, tmp_path):
    path = tmp_path / "seed.xlsx"
    assert xlsx.export_records(seeded_db, path) == 19
    return path


def _sheet(path):
    return openpyxl.load_workbook(path).worksheets[0]


def _row(sheet, uid):
    header = [c.value for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == uid:
            return {name: cell for name, cell in zip(header, cells, strict=False)}
    raise AssertionError(uid)


def _workbook(path, rows, formats=None):
    """A workbook as a person would type it: ``rows`` of values, row 1 the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    book.save(path)
    return path


def _problems(db, path):
    with pytest.raises(ImportFailed) as failed:
        csvfile.import_records(db, path)
    return [str(p) for p in failed.value.report.problems]


def test_the_seed_makes_the_round_trip_through_a_workbook_unchanged(
    seeded_db, exported, fresh, tmp_path
):
    report = csvfile.import_records(fresh, exported)
    assert (report.added, report.problem_count) == (19, 0)
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    csv_export.export_records(seeded_db, before)
    csv_export.export_records(fresh, after)
    assert after.read_bytes() == before.read_bytes()


def test_codes_uids_and_dates_are_text_cells_and_amounts_numbers(exported):
    sheet = _sheet(exported)
    row = _row(sheet, "seed-chn-cub-bri-membership")
    typed = {n: (row[n].data_type, row[n].value) for n in ("uid", "date", "cameo_code")}
    assert typed == {
        "uid": ("s", "seed-chn-cub-bri-membership"),
        "date": ("s", "2021"),
        "cameo_code": ("s", "060"),
    }
    assert (row["quad_class"].data_type, row["quad_class"].value) == ("n", 2)
    amounts = [cells[COLUMNS.index("amount_usd")] for cells in sheet.iter_rows(min_row=2)]
    given = [c for c in amounts if c.value is not None]
    assert given and all(c.data_type == "n" and isinstance(c.value, float | int) for c in given)
    months = [cells[COLUMNS.index("date")].value for cells in sheet.iter_rows(min_row=2)]
    assert "2023-11" in months  # a month stays a month, not a date Excel made of it


def test_the_header_is_frozen_and_the_columns_have_widths(exported):
    sheet = _sheet(exported)
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 38  # uid
    assert sheet.column_dimensions["H"].width == 48  # title
    # The size is stated up front, so a reader need not parse the sheet twice to learn it.
    streamed = openpyxl.load_workbook(exported, read_only=True)
    assert (streamed.worksheets[0].max_row, streamed.worksheets[0].max_column) == (20, len(COLUMNS))
    streamed.close()


def _one(db, **fields):
    values = dict(actor="CHN", partner="CUB", kind="statement", date="2023", title="x")
    return add_record(db, Record(**{**values, **fields}))


def test_text_that_looks_like_a_formula_is_stored_as_text(empty_db, fresh, tmp_path):
    _one(empty_db, title="=SUM(A1)", summary="#N/A", location="+1", uid="formula")
    path = tmp_path / "formula.xlsx"
    xlsx.export_records(empty_db, path)
    row = _row(_sheet(path), "formula")
    cells = {n: (row[n].data_type, row[n].value) for n in ("title", "summary", "location")}
    assert cells == {"title": ("s", "=SUM(A1)"), "summary": ("s", "#N/A"), "location": ("s", "+1")}
    with zipfile.ZipFile(path) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml and "SUM(A1)" in xml
    csvfile.import_records(fresh, path)
    record = get_record(fresh, 1)
    assert (record.title, record.summary, record.location) == ("=SUM(A1)", "#N/A", "+1")


def test_an_amount_that_needs_17_digits_comes_back_exactly(empty_db, fresh, tmp_path):
    _one(empty_db, amount=0.1 + 0.2, currency="USD", uid="exact")
    path = tmp_path / "exact.xlsx"
    xlsx.export_records(empty_db, path)
    csvfile.import_records(fresh, path)
    assert get_record(fresh, 1).amount == 0.1 + 0.2


def test_a_bad_cell_is_reported_by_the_row_the_spreadsheet_shows(empty_db, tmp_path):
    header = ["actor", "partner", "kind", "date", "title", "amount", "quad_class"]
    path = _workbook(
        tmp_path / "bad.xlsx",
        [
            header,
            ["CHN", "CUB", "statement", "2023", "fine", 5, 1],
            ["CHN", "CUB", "statement", "2023", "bad", "lots", 7],
        ],
    )
    problems = _problems(empty_db, path)
    assert "row 3, amount: 'lots' is not a number" in problems
    assert "row 3, quad_class: '7' must be 1, 2, 3 or 4" in problems
    assert count_records(empty_db) == 0


def test_numbers_and_dates_typed_in_a_spreadsheet_import_as_their_text(empty_db, tmp_path):
    header = ["actor", "partner", "kind", "date", "end_date", "title", "amount", "currency"]
    header += ["terms_disclosed", "quad_class"]
    path = _workbook(
        tmp_path / "typed.xlsx",
        [
            header,
            ["CHN", "CUB", "loan", datetime.datetime(2023, 11, 6), datetime.datetime(2024, 2, 1)]
            + ["Typed", 1e8, "CNY", False, 3],
        ],
        formats={"D2": "yyyy-mm-dd", "E2": "mmm yyyy"},
    )
    csvfile.import_records(empty_db, path)
    record = get_record(empty_db, 1)
    assert (record.date, record.end_date, record.amount) == ("2023-11-06", "2024-02", 1e8)
    assert (record.terms_disclosed, record.quad_class) == (False, 3)


def test_a_csv_named_xlsx_and_a_workbook_named_csv_both_import(seeded_db, exported, tmp_path):
    as_csv = tmp_path / "workbook.csv"
    as_csv.write_bytes(exported.read_bytes())
    named_xlsx = tmp_path / "text.xlsx"
    csv_export.export_records(seeded_db, named_xlsx.with_suffix(".csv"))
    named_xlsx.write_bytes(named_xlsx.with_suffix(".csv").read_bytes())
    for path in (as_csv, named_xlsx):
        db = open_database(tmp_path / f"{path.stem}.db")
        assert csvfile.import_records(db, path).added == 19
        db.close()


def test_a_zip_that_is_not_a_workbook_is_named_as_such(empty_db, tmp_path):
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    (problem,) = _problems(empty_db, path)
    assert "a zip archive but not an Excel workbook" in problem


def test_an_old_xls_file_is_named_as_such(empty_db, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    (problem,) = _problems(empty_db, path)
    assert "old Excel workbook (.xls)" in problem


def _doctor(path, part, change):
    """Rewrite one part of a workbook with ``change(text)``."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[part] = change(parts[part].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_sheet_claiming_ten_million_rows_is_refused_at_once(fresh, exported):
    _doctor(
        exported,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:W10000000"', xml),
    )
    (problem,) = _problems(fresh, exported)
    assert "claims 10,000,000 rows" in problem


def test_a_row_beyond_the_last_row_of_a_sheet_is_refused(fresh, exported):
    far = '<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row>'
    _doctor(
        exported,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace("</sheetData>", far + "</sheetData>"),
    )
    problems = _problems(fresh, exported)
    assert any("rows beyond row 1,048,576" in p for p in problems)
    assert count_records(fresh) == 0


def test_a_zip_bomb_is_refused_before_it_is_unpacked(fresh, exported):
    with zipfile.ZipFile(exported, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(64 * 1024 * 1024))
    (problem,) = _problems(fresh, exported)
    assert "zip bomb" in problem


def test_an_empty_header_row_is_named(empty_db, tmp_path):
    path = _workbook(tmp_path / "gap.xlsx", [[None], ["actor", "partner"]])
    assert _problems(empty_db, path) == ["row 1, -: row 1 must hold the column names"]


def test_the_header_is_checked_as_a_csv_header_is(empty_db, tmp_path):
    path = _workbook(
        tmp_path / "header.xlsx", [["actor", "partner", "colour"], ["CHN", "CUB", "red"]]
    )
    problems = _problems(empty_db, path)
    assert any(p.startswith("row 1, colour: unknown column") for p in problems)
    assert "row 1, kind: required column is missing" in problems


def test_a_spreadsheet_error_in_a_cell_is_reported(empty_db, tmp_path):
    path = _workbook(
        tmp_path / "error.xlsx",
        [["actor", "partner", "kind", "date", "title"], ["CHN", "CUB", "visit", "2023", "t"]],
    )
    _doctor(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            '<c r="E2" t="inlineStr"><is><t>t</t></is></c>', '<c r="E2" t="e"><v>#DIV/0!</v></c>'
        ),
    )
    assert "row 2, title: the cell holds the spreadsheet error #DIV/0!" in _problems(empty_db, path)


def test_a_cell_too_long_for_a_spreadsheet_leaves_the_target_as_it_was(empty_db, tmp_path):
    _one(empty_db, summary="y" * 40_000, uid="long")
    path = tmp_path / "long.xlsx"
    path.write_bytes(b"precious")
    with pytest.raises(BilateralError, match="more than the 32,767 a spreadsheet cell holds"):
        xlsx.export_records(empty_db, path)
    assert path.read_bytes() == b"precious"


def test_a_cancelled_export_leaves_the_target_as_it_was(seeded_db, tmp_path):
    path = tmp_path / "cancel.xlsx"
    path.write_bytes(b"precious")
    with pytest.raises(Cancelled):
        xlsx.export_records(seeded_db, path, cancelled=lambda: True)
    assert path.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_workbook_is_never_written_over_the_database(seeded_db, seeded_path):
    before = seeded_path.read_bytes()
    with pytest.raises(BilateralError, match="is the database"):
        xlsx.export_records(seeded_db, seeded_path)
    assert seeded_path.read_bytes() == before


def test_the_summary_as_a_workbook_has_numbers_and_text(seeded_db, tmp_path):
    path = tmp_path / "summary.xlsx"
    rows = list(summary.summarize(seeded_db, "year"))
    assert xlsx.export_summary(rows, path) == len(rows)
    sheet = _sheet(path)
    assert [c.value for c in sheet[1]] == list(summary.SUMMARY_COLUMNS)
    first = [c for c in sheet[2]]
    assert [c.data_type for c in first] == ["s"] * 6 + ["n"] * 5 + ["s", "s"]
    assert (first[0].value, sheet.freeze_panes) == (rows[0].pair, "A2")


def test_a_carriage_return_is_refused_rather_than_turned_into_a_line_break(empty_db, tmp_path):
    _one(empty_db, summary="line one\r\nline two", uid="windows")
    path = tmp_path / "cr.xlsx"
    with pytest.raises(BilateralError, match="the record windows: its summary holds a carriage"):
        xlsx.export_records(empty_db, path)
    assert not path.exists()

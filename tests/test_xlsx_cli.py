"""The command line exports and imports workbooks, chosen by the name and the content."""

from __future__ import annotations

import subprocess
import sys

import openpyxl

COMMAND = [
    sys.executable,
    "-c",
    "import sys; from bilateral.cli.main import main; sys.exit(main())",
]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=120)


def test_export_records_out_xlsx_writes_a_workbook_that_imports_back(tmp_path):
    db, fresh, book = tmp_path / "t.db", tmp_path / "fresh.db", tmp_path / "Records.XLSX"
    assert run("seed", "--db", db).returncode == 0
    exported = run("export", "records", "--db", db, "--out", book)
    assert exported.returncode == 0, exported.stderr
    assert openpyxl.load_workbook(book).worksheets[0].max_row == 20
    imported = run("import", book, "--db", fresh)
    assert (imported.returncode, imported.stdout.strip()) == (
        0,
        "Added 19, updated 0, unchanged 0, 0 conflicts.",
    )


def test_export_summary_out_xlsx_writes_a_workbook(tmp_path):
    db, book = tmp_path / "t.db", tmp_path / "summary.xlsx"
    assert run("seed", "--db", db).returncode == 0
    assert run("export", "summary", "--db", db, "--by", "all", "--out", book).returncode == 0
    sheet = openpyxl.load_workbook(book).worksheets[0]
    assert (sheet["A1"].value, sheet["G1"].value, sheet["G2"].data_type) == ("pair", "records", "n")


def test_bom_with_a_workbook_is_refused_and_writes_nothing(tmp_path):
    db, book = tmp_path / "t.db", tmp_path / "r.xlsx"
    assert run("seed", "--db", db).returncode == 0
    result = run("export", "records", "--db", db, "--out", book, "--bom")
    assert result.returncode != 0
    assert "--bom is for a CSV file" in result.stderr and not book.exists()


def test_import_of_a_bad_workbook_lists_problems_by_sheet_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["actor", "partner", "kind", "date", "title", "amount"])
    sheet.append(["CHN", "CUB", "visit", "2023", "ok", None])
    sheet.append(["CHN", "CUB", "visit", "2023", "bad", "a lot"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    result = run("import", path, "--db", tmp_path / "new.db")
    assert result.returncode == 1
    assert "  row 3, amount: 'a lot' is not a number" in result.stderr.splitlines()

"""The window imports and exports .xlsx workbooks as it does CSV files."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from bilateral.db.query import count
from bilateral.db.records import count_records
from bilateral.db.xlsx import export_records


@pytest.fixture
def dialogs(monkeypatch, tmp_path):
    """File dialogs that note the filters offered and return ``answer`` (name, filter)."""

    class Dialogs:
        offered: list[str] = []
        answer = ("", "")

    def ask(_parent, _caption, _folder, filters, *rest, **kwargs):
        Dialogs.offered.append(filters)
        return Dialogs.answer

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(ask))
    return Dialogs


def test_the_import_dialog_offers_workbooks(window, dialogs):
    assert window.files.import_csv() is None
    (offered,) = dialogs.offered
    first = offered.split(";;")[0]
    assert "*.csv" in first and "*.xlsx" in first


def test_export_records_as_an_excel_workbook_by_its_filter(
    qtbot, window, dialogs, seeded_db, tmp_path
):
    dialogs.answer = (str(tmp_path / "records"), "Excel workbook (*.xlsx)")
    task = window.files.export_records()
    qtbot.waitUntil(lambda: task.done)
    assert "Excel workbook (*.xlsx)" in dialogs.offered[0].split(";;")
    sheet = openpyxl.load_workbook(tmp_path / "records.xlsx").worksheets[0]
    shown = count(seeded_db, window.current_filter())
    assert (sheet["A1"].value, sheet.max_row, sheet.freeze_panes) == ("uid", shown + 1, "A2")


def test_export_summary_as_an_excel_workbook_by_its_name(qtbot, window, tmp_path):
    task = window.files.export_summary(tmp_path / "summary.xlsx")
    qtbot.waitUntil(lambda: task.done)
    sheet = openpyxl.load_workbook(tmp_path / "summary.xlsx").worksheets[0]
    assert (sheet["A1"].value, sheet["G1"].value, sheet["G2"].data_type) == ("pair", "records", "n")


def test_a_workbook_is_previewed_and_imported_from_the_window(qtbot, window, seeded_db, tmp_path):
    path = tmp_path / "more.xlsx"
    export_records(seeded_db, path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet["A2"] = "new-from-a-workbook"  # one record the database does not hold
    book.save(path)
    task = window.files.import_csv(path)
    qtbot.waitUntil(lambda: task.done)
    dialog = window.files.flow.dialog
    assert dialog.headline.text() == "1 record will be added, 0 updated, 18 unchanged, 0 conflicts."
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.files.flow.import_task.done)
    assert count_records(seeded_db) == 20

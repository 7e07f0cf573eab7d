"""Exports open in LibreOffice Calc without any cell being evaluated as a formula."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import pytest

from bilateral.db import csv_export
from bilateral.db.records import Participant, Record, Source, add_record

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PAYLOADS = [
    "=1+1",
    "+2+3",
    "-4+5",
    "@SUM(1,2)",
    '=HYPERLINK("http://evil.example","x")',
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def calc(tmp_path):
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed; .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")

    def convert(csv_path):
        profile = (tmp_path / "lo-profile").as_uri()
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(tmp_path / "xlsx"),
                str(csv_path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        with zipfile.ZipFile(tmp_path / "xlsx" / (csv_path.stem + ".xlsx")) as book:
            return book.read("xl/worksheets/sheet1.xml").decode(), book.read(
                "xl/sharedStrings.xml"
            ).decode()

    return convert


def test_calc_evaluates_formulas_in_a_plain_csv(calc, tmp_path):
    """The control: without neutralisation, Calc does run the payload."""
    path = tmp_path / "plain.csv"
    path.write_text("title\r\n=1+1\r\n", encoding="utf-8")
    sheet, _ = calc(path)
    assert "<f" in sheet


def test_no_formula_in_an_exported_file_is_evaluated(calc, empty_db, tmp_path, figures):
    for payload in PAYLOADS:
        add_record(
            empty_db,
            Record(
                actor="CHN",
                partner="CUB",
                kind="statement",
                date="2023",
                title="x" + payload if payload[0] in "\t\r" else payload,
                summary=payload,
                location=payload.strip(),
                participants=[Participant(payload.strip(), "CHN", payload.strip())],
                sources=[Source(publisher=payload.strip(), quote=payload)],
            ),
        )
    path = tmp_path / "export.csv"
    csv_export.export_records(empty_db, path)
    sheet, strings = calc(path)
    assert re.search(r"<f[ >]", sheet) is None
    assert "=1+1" in strings and "@SUM(1,2)" in strings
    figures["spreadsheet formulas"]["payloads exported"] += len(PAYLOADS)
    figures["spreadsheet formulas"]["evaluated by LibreOffice"] += len(re.findall(r"<f[ >]", sheet))

"""LibreOffice Calc reads an exported workbook's codes and dates as text and runs no formula."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest

from bilateral.db import xlsx
from bilateral.db.records import Record, add_record

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def calc_csv(tmp_path):
    """Convert a workbook to CSV with LibreOffice Calc, as a user opening it would see it."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed; .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")

    def convert(path):
        profile = (tmp_path / "lo-profile").as_uri()
        subprocess.run(
            # Filter options: comma, double quote, UTF-8 (76), first line 1: Calc's default
            # character set would be the platform's, not UTF-8.
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
            + ["csv:Text - txt - csv (StarCalc):44,34,76,1"]
            + ["--outdir", str(tmp_path / "calc"), str(path)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        with (tmp_path / "calc" / (path.stem + ".csv")).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    return convert


def test_calc_reads_codes_and_dates_as_text(calc_csv, seeded_db, tmp_path):
    add_record(
        seeded_db,
        Record("CHN", "CUB", "statement", "2023-11", "=SUM(A1)", uid="formula", cameo_code="070"),
    )
    path = tmp_path / "records.xlsx"
    xlsx.export_records(seeded_db, path)
    rows = {row["uid"]: row for row in calc_csv(path)}
    formula = rows["formula"]
    assert (formula["date"], formula["title"], formula["cameo_code"]) == (
        "2023-11",
        "=SUM(A1)",
        "070",
    )
    assert rows["seed-chn-cub-bri-membership"]["cameo_code"] == "060"

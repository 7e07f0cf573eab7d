"""Exports declare their columns' types in a Frictionless Data Package: 070 stays 070."""

from __future__ import annotations

import json

import pytest
from frictionless import Package, describe

from bilateral.cli.main import main
from bilateral.db.cells import COLUMNS
from bilateral.db.datapackage import RECORD_FIELDS, SUMMARY_FIELDS
from bilateral.db.summary import SUMMARY_COLUMNS


def _bilateral(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def package(seeded_path, tmp_path, capsys):
    for what in ("records", "summary"):
        code, _, err = _bilateral(
            capsys,
            "export",
            what,
            "--out",
            tmp_path / f"{what}.csv",
            "--datapackage",
            "--db",
            seeded_path,
        )
        assert code == 0, err
    return tmp_path / "datapackage.json"


def test_every_column_of_both_exports_is_declared():
    assert (set(RECORD_FIELDS), set(SUMMARY_FIELDS)) == (set(COLUMNS), set(SUMMARY_COLUMNS))


def test_a_guessing_reader_turns_070_into_70_without_the_descriptor(package):
    guessed = describe(str(package.with_name("records.csv")), type="resource")
    assert guessed.schema.get_field("cameo_code").type == "integer"


def test_read_through_the_descriptor_codes_stay_text_and_the_package_is_valid(package):
    read = Package(str(package))
    assert read.validate().valid
    rows = read.get_resource("records").read_rows()
    codes = {row["uid"]: row["cameo_code"] for row in rows}
    assert codes["seed-chn-cub-donation-2022"] == "070"
    assert {type(row["terms_disclosed"]) for row in rows} == {bool}
    summary = read.get_resource("summary").read_rows()
    assert {row["pair"] for row in summary} >= {"CHN-CUB"}
    assert all(isinstance(row["records"], int) for row in summary)


def test_one_folder_holds_one_package_with_both_resources(package):
    names = [r["path"] for r in json.loads(package.read_text(encoding="utf-8"))["resources"]]
    assert names == ["records.csv", "summary.csv"]


def test_a_descriptor_needs_a_csv_file(seeded_path, tmp_path, capsys):
    code, _, err = _bilateral(capsys, "export", "records", "--datapackage", "--db", seeded_path)
    assert code == 1 and "give --out FILE.csv" in err
    code, _, err = _bilateral(
        capsys,
        "export",
        "records",
        "--out",
        tmp_path / "r.xlsx",
        "--datapackage",
        "--db",
        seeded_path,
    )
    assert code == 1 and not (tmp_path / "r.xlsx").exists()


def test_a_foreign_datapackage_json_is_not_overwritten(seeded_path, tmp_path, capsys):
    (tmp_path / "datapackage.json").write_text("not json", encoding="utf-8")
    code, _, err = _bilateral(
        capsys,
        "export",
        "records",
        "--out",
        tmp_path / "r.csv",
        "--datapackage",
        "--db",
        seeded_path,
    )
    assert code == 1 and "is not a data package descriptor" in err
    assert (tmp_path / "datapackage.json").read_text(encoding="utf-8") == "not json"
    assert not (tmp_path / "r.csv").exists()

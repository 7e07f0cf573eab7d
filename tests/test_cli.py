"""The headless command line, run as a user runs it: as a separate process."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest

COMMAND = [
    sys.executable,
    "-c",
    "import sys; from bilateral.cli.main import main; sys.exit(main())",
]


def run(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*COMMAND, *map(str, args)], capture_output=True, text=True, env=env, timeout=120
    )


def summary(db, *args) -> list[dict]:
    result = run("export", "summary", "--db", db, *args)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture
def seeded_file(tmp_path):
    path = tmp_path / "t.db"
    assert run("seed", "--db", path).returncode == 0
    return path


def test_summary_by_all_shows_the_donation(seeded_file):
    rows = summary(seeded_file, "--by", "all", "--pair", "CHN-CUB")
    aid = [r for r in rows if r["kind"] == "aid"]
    assert aid[0]["amount_usd"] == "100000000"
    assert sum(int(r["records"]) for r in rows) >= 12


def test_summary_has_the_documented_columns_first(seeded_file):
    result = run("export", "summary", "--db", seeded_file, "--by", "year")
    assert result.stdout.splitlines()[0].startswith(
        "pair,period,kind,actor,partner,direction,records,claimed,disputed,amount_usd,uncounted_usd"
    )


def test_belarus_pair_shows_the_visit(seeded_file):
    rows = summary(seeded_file, "--by", "all", "--pair", "BLR-CUB")
    assert [(r["kind"], r["records"]) for r in rows] == [("visit", "1")]


def test_seed_twice_adds_nothing(seeded_file):
    assert "Added 0 seed records" in run("seed", "--db", seeded_file).stdout


def test_bad_row_exits_non_zero_naming_row_column_reason(seeded_file, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "actor,partner,kind,date,title\nCHN,CUB,visit,2023,Fine\nCHN,CUB,visit,2023-02-30,Bad\n",
        encoding="utf-8",
    )
    result = run("import", path, "--db", seeded_file)
    assert result.returncode != 0
    assert "row 3, date: '2023-02-30' is not a date" in result.stderr
    assert "Traceback" not in result.stderr
    check = run("check", "--db", seeded_file)
    assert "records: 19" in check.stdout


def test_export_import_export_is_byte_identical(seeded_file, tmp_path):
    first, second, copy = tmp_path / "1.csv", tmp_path / "2.csv", tmp_path / "copy.db"
    assert run("export", "records", "--db", seeded_file, "--out", first).returncode == 0
    assert run("import", first, "--db", copy).returncode == 0
    assert run("export", "records", "--db", copy, "--out", second).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_filters_narrow_the_export(seeded_file):
    result = run(
        "export", "records", "--db", seeded_file, "--kind", "security", "--since", "2023-07"
    )
    assert len(result.stdout.splitlines()) == 2 and "1992" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "summary", "--pair", "x-y-z"), "is not a pair"),
        (("export", "summary", "--pair", "Narnia"), "'Narnia' is not a country"),
        (("export", "records", "--since", "2023-02-30"), "--since '2023-02-30'"),
        (("import", "missing.csv"), "missing.csv is not a file"),
    ],
)
def test_user_errors_are_one_line_without_traceback(seeded_file, args, message):
    result = run(*args, "--db", seeded_file)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some notes\n")
    result = run("check", "--db", path)
    assert result.returncode == 1 and "is not a SQLite database" in result.stderr
    assert path.read_bytes() == b"just some notes\n"


def test_default_database_is_created_with_the_seed_records(tmp_path):
    env = {**os.environ, "BILATERAL_DB": str(tmp_path / "default.db")}
    assert run("seed", env=env).returncode == 0
    result = run("export", "summary", "--by", "all", env=env)
    assert result.returncode == 0 and "CHN-CUB" in result.stdout


def test_check_reports_integrity_and_schema(seeded_file):
    result = run("check", "--db", seeded_file)
    assert result.returncode == 0
    assert "integrity: ok" in result.stdout and "up to date" in result.stdout


def test_check_finds_totals_another_program_left_wrong_and_rebuilds_them(seeded_file):
    import sqlite3

    assert "summary totals: ok" in run("check", "--db", seeded_file).stdout
    right = run("export", "summary", "--by", "year", "--db", seeded_file).stdout
    # Another program writing to the totals: they no longer follow the records.
    with sqlite3.connect(seeded_file) as conn:
        conn.execute("UPDATE summary_totals SET records = records + 1 WHERE kind = 'visit'")
    conn.close()
    assert run("export", "summary", "--by", "year", "--db", seeded_file).stdout != right
    result = run("check", "--db", seeded_file)
    assert result.returncode == 1
    assert "group(s) differ from the records" in result.stdout
    assert "bilateral check --rebuild-totals" in result.stdout
    result = run("check", "--rebuild-totals", "--db", seeded_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "summary totals: ok" in result.stdout
    assert run("export", "summary", "--by", "year", "--db", seeded_file).stdout == right


def test_headless_commands_never_import_qt(seeded_file):
    code = (
        "import sys; from bilateral.cli.main import main; main(['export', 'summary', '--db', sys.argv[1]]); "
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'bilateral.desktop.shell.app'))]"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(seeded_file)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_a_csv_summary_loads_no_workbook_web_or_schema_library(seeded_file):
    # openpyxl, frictionless and datasette load only for the commands that use them:
    # at start-up they would be a good part of every command's time.
    code = (
        "import sys; from bilateral.cli.main import main; "
        "main(['export', 'summary', '--db', sys.argv[1]]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'openpyxl', 'frictionless', 'datasette', 'polars', 'pyarrow'}), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(seeded_file)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_a_kind_of_ones_own_can_be_added_and_used(seeded_file, tmp_path):
    added = run("kinds", "--db", seeded_file, "--add", "Sanction", "--cameo", "163", "--quad", "4")
    assert added.returncode == 0 and "sanction" in run("kinds", "--db", seeded_file).stdout
    path = tmp_path / "sanction.csv"
    path.write_text(
        "actor,partner,kind,date,title\nUSA,CUB,sanction,2023,Embargo renewed\n", encoding="utf-8"
    )
    assert run("import", path, "--db", seeded_file).returncode == 0


def test_an_existing_kind_is_not_added_twice(seeded_file):
    result = run("kinds", "--db", seeded_file, "--add", "visit")
    assert result.returncode == 1 and "'visit' exists already" in result.stderr


def test_help_lists_every_command_in_its_group_with_an_example():
    text = run("--help").stdout
    groups = [line for line in text.splitlines() if line and not line[0].isspace()]
    assert {"Records:", "Kinds:", "Checks and backups:"} <= set(groups)
    for name in ("seed", "import", "export", "kinds", "check", "backup", "restore"):
        assert f"\n  {name} " in text
        assert f"e.g. bilateral {name}" in text


def test_version_prints_the_installed_version():
    from importlib import metadata

    result = run("--version")
    assert result.stdout.strip() == f"bilateral {metadata.version('bilateral')}"

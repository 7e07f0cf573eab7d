"""A mistyped database name never becomes a new, empty database: only writing commands create one."""

from __future__ import annotations

import pytest

from bilateral.cli import main as cli

CSV = "actor,partner,kind,date,title\nCHN,CUB,visit,2024,A visit\n"

READING = {
    "export records": ["export", "records"],
    "export summary": ["export", "summary"],
    "check": ["check"],
    "restore (listing)": ["restore"],
    "import --dry-run": ["import", "{csv}", "--dry-run"],
    "kinds (listing)": ["kinds"],
    "backup": ["backup"],
}
WRITING = {
    "seed": ["seed"],
    "import": ["import", "{csv}"],
    "kinds --add": ["kinds", "--add", "sanction"],
}


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "records.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def _run(command: list[str], csv_file, *db: str) -> int:
    return cli.main([part.format(csv=csv_file) for part in command] + list(db))


@pytest.mark.parametrize("command", READING, ids=list(READING))
def test_a_reading_command_on_a_missing_file_says_so_and_creates_nothing(
    command, csv_file, tmp_path, capsys, figures
):
    typo = tmp_path / "mistyped.db"
    code = _run(READING[command], csv_file, "--db", str(typo))
    err = capsys.readouterr().err
    assert (code, typo.exists()) == (1, False)
    assert f"{typo} does not exist" in err and "bilateral seed --db" in err
    figures["accidental databases"]["reading commands on a missing file"] += 1
    figures["accidental databases"]["files created"] += typo.exists()


@pytest.mark.parametrize("command", READING, ids=list(READING))
def test_a_reading_command_does_not_create_the_default_database(
    command, csv_file, tmp_path, capsys
):
    default = tmp_path / "default.db"  # BILATERAL_DB, set for every test
    code = _run(READING[command], csv_file)
    assert (code, default.exists()) == (1, False)
    assert "The default database" in capsys.readouterr().err


@pytest.mark.parametrize("command", WRITING, ids=list(WRITING))
def test_a_writing_command_creates_the_database(command, csv_file, tmp_path):
    new = tmp_path / "new.db"
    assert (_run(WRITING[command], csv_file, "--db", str(new)), new.exists()) == (0, True)


def test_backups_of_a_deleted_database_are_still_listed(seeded_path, capsys):
    assert cli.main(["backup", "--db", str(seeded_path)]) == 0
    for suffix in ("", "-wal", "-shm"):
        seeded_path.with_name(seeded_path.name + suffix).unlink(missing_ok=True)
    capsys.readouterr()
    assert cli.main(["restore", "--db", str(seeded_path)]) == 0
    assert "19 records" in capsys.readouterr().out

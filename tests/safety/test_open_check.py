"""The command line skips SQLite's quick check only on a file as Bilateral left it after a good one."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bilateral.cli.main import main
from bilateral.db import check_marker, store


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The paths SQLite's quick check ran on, in order."""
    ran: list[str] = []
    real = store.quick_check

    def counted(db, path=None):
        ran.append(str(path or "connection"))
        return real(db, path)

    monkeypatch.setattr(store, "quick_check", counted)
    return ran


def summary(path) -> int:
    return main(["export", "summary", "--db", str(path), "--out", str(path.with_suffix(".csv"))])


def flip_pages(path):
    """Overwrite part of every third page, keeping the size: what a failing tool might do."""
    data = bytearray(path.read_bytes())
    for start in range(2 * 4096, len(data) - 4096, 3 * 4096):
        data[start + 8 : start + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


def flip_pages_keeping_the_time(path):
    """The same, with the modification time set back: only the status-change time moves."""
    before = path.stat()
    flip_pages(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_the_next_command_skips_the_check_on_a_file_bilateral_left(seeded_path, checks):
    assert summary(seeded_path) == 0
    assert summary(seeded_path) == 0
    assert summary(seeded_path) == 0
    assert len(checks) == 1  # the fixture closed its file without noting it


def test_bilateral_s_own_writes_keep_the_note(seeded_path, checks, tmp_path):
    assert summary(seeded_path) == 0
    rows = "uid,actor,partner,kind,date,title\nnew-1,CHN,CUB,visit,2024-05-01,A new visit\n"
    (tmp_path / "new.csv").write_text(rows, "utf-8")
    # The first write of the day backs the file up, and checks it first.
    assert main(["import", str(tmp_path / "new.csv"), "--db", str(seeded_path)]) == 0
    assert len(checks) == 2
    (tmp_path / "newer.csv").write_text(rows.replace("new-1", "new-2"), "utf-8")
    assert main(["import", str(tmp_path / "newer.csv"), "--db", str(seeded_path)]) == 0
    assert summary(seeded_path) == 0
    assert len(checks) == 2


@pytest.mark.parametrize("damage", [flip_pages, flip_pages_keeping_the_time, truncate])
def test_a_file_damaged_by_another_program_is_caught_at_the_next_open(
    damage, seeded_path, checks, capsys
):
    assert summary(seeded_path) == 0
    assert not seeded_path.with_name(seeded_path.name + "-wal").exists()
    damage(seeded_path)
    before = seeded_path.read_bytes()
    capsys.readouterr()
    assert summary(seeded_path) == 1
    assert "damaged" in capsys.readouterr().err
    assert seeded_path.read_bytes() == before


def test_a_process_that_did_not_finish_leaves_the_file_to_be_checked(seeded_path, checks):
    assert summary(seeded_path) == 0
    # A write committed and the process gone without closing, as after kill -9.
    script = (
        "import os, sys; from bilateral.db.store import open_database; "
        "db = open_database(sys.argv[1]); "
        "db.execute(\"UPDATE records SET title = title || '.' WHERE id = 1\"); db.conn.commit(); "
        "os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", script, str(seeded_path)], check=True, timeout=60)
    assert summary(seeded_path) == 0
    assert len(checks) == 2


def test_bilateral_check_always_runs_the_quick_check(seeded_path, checks, capsys):
    assert summary(seeded_path) == 0
    assert main(["check", "--db", str(seeded_path)]) == 0
    assert main(["check", "--db", str(seeded_path)]) == 0
    assert len(checks) == 3


def test_a_note_older_than_a_day_is_not_trusted(seeded_path):
    assert summary(seeded_path) == 0
    assert check_marker.last_good_check(seeded_path) is not None
    later = time.time() + check_marker.MAX_AGE + 1
    assert check_marker.last_good_check(seeded_path, now=later) is None


def test_a_copy_of_a_noted_file_is_checked(seeded_path, checks, tmp_path):
    assert summary(seeded_path) == 0
    copy = tmp_path / "copy.db"
    copy.write_bytes(seeded_path.read_bytes())
    assert summary(copy) == 0
    assert len(checks) == 2

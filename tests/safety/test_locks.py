"""Opening a database a second time keeps SQLite's locks, so other programs cannot corrupt it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bilateral.cli import main as cli
from bilateral.db.errors import BilateralError, DatabaseProblem
from bilateral.db.store import open_database
from bilateral.desktop.files import tasks

# Exits 0 when it could take SQLite's exclusive lock, which it must not while we hold a connection.
EXCLUSIVE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0)
try:
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
except sqlite3.OperationalError:
    sys.exit(3)
"""

# A command-line writer: each add opens, writes and closes, as `bilateral import` would;
# closing as the last connection is what checkpoints and deletes the WAL.
STORM = """
import sys
from bilateral.db.records import Record, add_record
from bilateral.db.store import open_database
for n in range(int(sys.argv[2])):
    db = open_database(sys.argv[1], check=False)
    uid = f"storm-{n}"
    add_record(db, Record(uid=uid, actor="CHN", partner="CUB", kind="visit", date="2024", title=uid))
    db.close()
    print(uid, flush=True)
"""


def _integrity_and_uids(db) -> tuple[list[str], set[str]]:
    """What SQLite's integrity check says, and the uids it can still read."""
    try:
        integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
        return integrity, {row[0] for row in db.execute("SELECT uid FROM records")}
    except sqlite3.DatabaseError as error:
        return [str(error)], set()


def _child(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )


def test_a_second_open_keeps_other_processes_from_taking_the_exclusive_lock(seeded_path):
    window = open_database(seeded_path)
    window.execute("SELECT count(*) FROM records").fetchone()
    open_database(seeded_path).close()
    child = _child(EXCLUSIVE, str(seeded_path))
    child.communicate(timeout=20)
    window.close()
    assert child.returncode == 3, "another process took the exclusive lock under a live connection"


def test_importing_the_open_database_as_a_csv_is_refused_and_keeps_its_locks(seeded_path, capsys):
    window = open_database(seeded_path)
    window.execute("SELECT count(*) FROM records").fetchone()
    code = cli.main(["import", str(seeded_path), "--db", str(seeded_path)])
    child = _child(EXCLUSIVE, str(seeded_path))
    child.communicate(timeout=20)
    window.close()
    assert (code, child.returncode) == (1, 3)
    assert "is a SQLite database" in capsys.readouterr().err


def test_the_window_refuses_to_import_its_own_database(seeded_path):
    db = open_database(seeded_path)
    try:
        with pytest.raises(BilateralError, match="is a SQLite database"):
            tasks.preview_job(seeded_path)(db, lambda _f: None, lambda: False)
    finally:
        db.close()


ADDS = 60
STORM_SECONDS = 10


@pytest.mark.parametrize("run", range(3))
def test_reopening_during_a_write_storm_loses_no_row_and_keeps_the_file_sound(
    run: int, seeded_path: Path, figures
):
    window = open_database(seeded_path)
    writer = _child(STORM, str(seeded_path), str(ADDS))
    reopens = 0
    deadline = time.monotonic() + STORM_SECONDS
    while writer.poll() is None and time.monotonic() < deadline:
        # The window reads, and opens its own file again (File › Open on the open file).
        try:
            window.execute("SELECT count(*) FROM records").fetchone()
            open_database(seeded_path, check=False).close()
        except (sqlite3.DatabaseError, DatabaseProblem):
            break  # the file is damaged: the checks below say so
        reopens += 1
    committed = writer.communicate(timeout=60)[0].split()
    integrity, found = _integrity_and_uids(window)
    window.close()
    integrity_after, _ = _integrity_and_uids(sqlite3.connect(seeded_path))
    lost = len(set(committed) - found)
    figures["re-opens under a write storm"]["runs"] += 1
    figures["re-opens under a write storm"]["re-opens"] += reopens
    figures["re-opens under a write storm"]["rows committed"] += len(committed)
    figures["re-opens under a write storm"]["integrity ok"] += (
        integrity == integrity_after == ["ok"]
    )
    figures["re-opens under a write storm"]["rows lost"] += lost
    assert writer.returncode == 0 and len(committed) == ADDS
    assert integrity == ["ok"] and integrity_after == ["ok"]
    assert lost == 0

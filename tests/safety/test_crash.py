"""An import or edit killed with SIGKILL leaves the database without it or with all of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from bilateral.db import csv_columns, versions
from bilateral.db.store import open_database

IMPORT_ROWS = 6000
KILL_AFTER = (0.3, 0.6, 0.9, 1.2, 1.6, 2.2)
COLUMNS_ROWS = 120_000  # about 32 MB: 3 s to import, of which 1 s checking and staging
COLUMNS_KILL_AFTER = (0.6, 1.0, 1.5, 2.0, 2.6)

EDIT_LOOP = """
import sys
from bilateral.db.records import Record, add_record
from bilateral.db import versions
from bilateral.db.store import open_database
db = open_database(sys.argv[1])
for n in range(100000):
    add_record(db, Record(actor="CHN", partner="CUB", kind="visit", date="2024", title=f"edit {n}"))
    print(n, flush=True)
"""


def make_csv(path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("uid,actor,partner,kind,date,title,summary,sources\r\n")
        for n in range(rows):
            handle.write(
                f"c{n},CHN,CUB,aid,2023-05,Crash {n},{'text ' * 40},Pub | T | https://e.org/{n}\r\n"
            )


def integrity(path) -> tuple[str, int]:
    db = open_database(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0], db.execute(
            "SELECT count(*) FROM records"
        ).fetchone()[0]
    finally:
        db.close()


def history_state(path) -> tuple[list[str], int, int]:
    """Where records and revisions disagree, and how many revisions and batches there are."""
    db = open_database(path)
    try:
        return (
            versions.consistency(db),
            db.execute("SELECT count(*) FROM revisions").fetchone()[0],
            db.execute("SELECT count(*) FROM import_batches").fetchone()[0],
        )
    finally:
        db.close()


@pytest.mark.parametrize(
    "rows, delay",
    [(IMPORT_ROWS, delay) for delay in KILL_AFTER]
    # Large enough for the column-wise import (db/csv_columns.py): killed while it
    # checks and stages, while it loads in a rollback journal, and as it ends.
    + [(COLUMNS_ROWS, delay) for delay in COLUMNS_KILL_AFTER],
)
def test_import_killed_midway_leaves_all_or_nothing(seeded_path, tmp_path, rows, delay, figures):
    source = tmp_path / "big.csv"
    make_csv(source, rows)
    assert (source.stat().st_size >= csv_columns.MIN_BYTES) == (rows == COLUMNS_ROWS)
    command = [
        sys.executable,
        "-c",
        "import sys; from bilateral.cli.main import main; sys.exit(main(sys.argv[1:]))",
    ]
    child = subprocess.Popen(
        [*command, "import", str(source), "--db", str(seeded_path)], stdout=subprocess.DEVNULL
    )
    time.sleep(delay)
    child.send_signal(signal.SIGKILL) if child.poll() is None else None
    child.wait()
    status, count = integrity(seeded_path)
    problems, revisions, imports = history_state(seeded_path)
    assert status == "ok"
    assert count in (19, 19 + rows)
    # The revisions and the batch went in with the records, or not at all.
    assert (problems, revisions, imports) == ([], count, 1 if count == 19 else 2)
    figures["crash (kill -9)"]["interrupted imports"] += 1
    figures["crash (kill -9)"]["integrity ok"] += status == "ok"
    figures["crash (kill -9)"]["ended without the import"] += count == 19
    figures["crash (kill -9)"]["ended with all of it"] += count == 19 + rows


def test_edits_killed_midway_lose_no_committed_record(seeded_path, figures):
    child = subprocess.Popen(
        [sys.executable, "-c", EDIT_LOOP, str(seeded_path)], stdout=subprocess.PIPE, text=True
    )
    committed = -1
    deadline = time.monotonic() + 60
    while committed < 150 and time.monotonic() < deadline:
        committed = int(child.stdout.readline())
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    # Lines printed before the kill are still in the pipe: the last one is the last
    # record the child saw committed.
    for line in child.stdout:
        committed = int(line)
    status, count = integrity(seeded_path)
    assert status == "ok"
    # Every record reported committed is there; at most one more, committed but not yet reported.
    assert 19 + committed + 1 <= count <= 19 + committed + 2
    assert history_state(seeded_path)[:2] == ([], count)  # each record with its revision
    figures["crash (kill -9)"]["interrupted edit runs"] += 1
    figures["crash (kill -9)"]["committed records lost"] += max(0, 19 + committed + 1 - count)

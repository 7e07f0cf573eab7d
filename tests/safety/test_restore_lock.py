"""Restore holds the write lock from the safety backup to the commit: no acknowledged row is lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bilateral.db import backup, restoring
from bilateral.db.errors import DatabaseProblem

WRITER = """
import sys
from bilateral.db.records import Record, add_record
from bilateral.db.store import open_database
db = open_database(sys.argv[1])
for i in range(100000):
    uid = f"w-{i}"
    add_record(db, Record(actor="CHN", partner="CUB", kind="visit", date="2024", title=uid, uid=uid))
    print(uid, flush=True)
"""


def _uids(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT uid FROM records")}
    finally:
        conn.close()


def _contents(path: Path) -> dict:
    """Every object's definition and every table's rows, to compare two files exactly."""
    conn = sqlite3.connect(path)
    try:
        schema = set(conn.execute("SELECT type, name, sql FROM sqlite_master"))
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
        return {"schema": schema, "rows": rows}
    finally:
        conn.close()


def test_every_row_a_running_writer_acknowledged_is_kept(seeded_db, seeded_path, figures):
    saved = backup.make_backup(seeded_db, seeded_path)
    seeded_db.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(seeded_path)], stdout=subprocess.PIPE, text=True, env=env
    )
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(line.strip() for line in writer.stdout))
    reader.start()
    try:
        deadline = time.monotonic() + 15
        while len(seen) < 50 and time.monotonic() < deadline:
            time.sleep(0.02)  # a subprocess's progress, which no Qt signal reports
        acknowledged = set(seen)
        safety = restoring.restore_backup(saved, seeded_path)
        later = len(seen) + 20
        while len(seen) < later and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        writer.kill()
        writer.wait()
        reader.join()
    # Each printed uid was committed; it must be in the safety backup or (written after
    # the restore) in the restored file.
    lost = set(seen) - _uids(safety) - _uids(seeded_path)
    figures["restore during a write storm"]["acknowledged rows"] += len(seen)
    figures["restore during a write storm"]["rows lost"] += len(lost)
    assert len(acknowledged) >= 50 and not lost
    assert acknowledged <= _uids(safety)
    conn = sqlite3.connect(seeded_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_restore_is_refused_while_another_writer_holds_the_lock(
    seeded_db, seeded_path, monkeypatch, figures
):
    monkeypatch.setattr(restoring, "LOCK_WAIT_MS", 200)
    saved = backup.make_backup(seeded_db, seeded_path)
    other = sqlite3.connect(seeded_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    before = seeded_path.read_bytes()
    try:
        with pytest.raises(DatabaseProblem, match="being written by another program"):
            restoring.restore_backup(saved, seeded_path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    figures["restore during a write storm"]["refused under a held lock"] += 1
    figures["restore during a write storm"]["files changed"] += seeded_path.read_bytes() != before
    assert seeded_path.read_bytes() == before and len(backup.list_backups(seeded_path)) == 1


def test_the_restored_file_holds_exactly_the_backups_contents(seeded_db, seeded_path):
    saved = backup.make_backup(seeded_db, seeded_path)
    seeded_db.execute("DROP TABLE settings")  # a schema unlike the backup's, too
    seeded_db.execute("CREATE TABLE extra (x)")
    seeded_db.conn.commit()
    seeded_db.close()
    restoring.restore_backup(saved, seeded_path)
    assert _contents(seeded_path) == _contents(saved)
    conn = sqlite3.connect(seeded_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute(
        "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'visit'"
    ).fetchone()


def test_restore_over_a_read_only_database_is_refused(seeded_db, seeded_path, monkeypatch):
    saved = backup.make_backup(seeded_db, seeded_path)
    before = seeded_path.read_bytes()
    # Tests run as root, for whom permission bits mean nothing; os.access is what the check asks.
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    with pytest.raises(DatabaseProblem, match="read-only"):
        restoring.restore_backup(saved, seeded_path)
    assert seeded_path.read_bytes() == before


def test_a_restore_failing_midway_changes_nothing(seeded_db, seeded_path, monkeypatch):
    saved = backup.make_backup(seeded_db, seeded_path)
    seeded_db.execute("CREATE TABLE extra (x)")
    seeded_db.conn.commit()
    before = _contents(seeded_path)

    def full(conn, table):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(restoring, "_copy_rows", full)
    with pytest.raises(DatabaseProblem, match="disk is full.*as it was"):
        restoring.restore_backup(saved, seeded_path)
    assert _contents(seeded_path) == before

"""Backups and restores on a full disk, a read-only folder or a newer, read-only or locked database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from bilateral.cli import main as cli
from bilateral.db import backup, connection, copies, restoring
from bilateral.db.errors import BackupFailed, DatabaseProblem
from bilateral.db.store import open_database
from bilateral.desktop.files import tasks

ROWS = "uid,actor,partner,kind,date,title\nnew-1,CHN,CUB,visit,2024,A new visit\n"


def _mount(folder: Path, options: str) -> bool:
    folder.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


@pytest.fixture
def full_disk(tmp_path, seeded_path):
    """A seeded database on a tiny file system with no room left (a real ENOSPC)."""
    disk = tmp_path / "disk"
    if not _mount(disk, "size=2m"):
        pytest.skip("cannot mount a tmpfs here; the patched failures below cover it")
    path = disk / "full.db"
    shutil.copy(seeded_path, path)
    db = open_database(path)  # open first: its -wal and -shm need room too
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    (disk / "filler").write_bytes(b"\0" * max(free - 8192, 0))
    yield path, db
    db.close()
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture
def read_only_backups(seeded_path):
    """The database's backups/ folder, read-only (a read-only mount: root ignores chmod)."""
    folder = backup.backup_folder(seeded_path)
    if os.geteuid() != 0:
        folder.mkdir()
        folder.chmod(0o555)
    elif not _mount(folder, "ro,size=64k"):
        pytest.skip("cannot make a read-only folder here")
    yield folder
    if os.geteuid() == 0:
        subprocess.run(["umount", "-l", str(folder)], check=False)
    else:
        folder.chmod(0o755)


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing(full_disk):
    path, db = full_disk
    before = sorted(path.parent.rglob("*"))
    with pytest.raises(BackupFailed, match="disk is full"):
        backup.make_backup(db, path)
    assert not backup.list_backups(path)
    assert not [p for p in path.parent.rglob("*") if p.is_file() and p not in before]


def test_a_restore_on_a_full_disk_says_so_and_changes_nothing(full_disk, empty_db, db_path, capsys):
    path, db = full_disk
    before = db.execute("SELECT count(*) FROM records").fetchone()
    assert cli.main(["--db", str(path), "restore", str(db_path)]) == 1
    assert "disk is full" in capsys.readouterr().err
    assert db.execute("SELECT count(*) FROM records").fetchone() == before


def test_a_patched_full_disk_during_a_backup_is_a_clear_message(
    seeded_db, seeded_path, monkeypatch
):
    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(copies.sqlite3, "connect", full)
    with pytest.raises(BackupFailed, match="disk is full"):
        backup.make_backup(seeded_db, seeded_path)


def test_an_import_still_runs_when_backups_cannot_be_made(
    seeded_path, read_only_backups, tmp_path, capsys
):
    csv = tmp_path / "rows.csv"
    csv.write_text(ROWS)
    assert cli.main(["--db", str(seeded_path), "import", str(csv)]) == 0
    assert "no backup could be made" in capsys.readouterr().err.lower()


def test_a_window_import_that_updates_is_refused_without_a_backup(
    seeded_db, read_only_backups, tmp_path
):
    csv = tmp_path / "rows.csv"
    csv.write_text(ROWS)
    before = (
        connection.data_version(seeded_db),
        seeded_db.execute("SELECT count(*) FROM records").fetchone(),
    )
    with pytest.raises(BackupFailed, match="not run without a backup"):
        tasks.import_job(csv)(seeded_db, lambda f: None, lambda: False)
    assert seeded_db.execute("SELECT count(*) FROM records").fetchone() == before[1]


def test_a_restore_is_refused_when_no_safety_backup_can_be_made(
    seeded_db, seeded_path, read_only_backups, tmp_path
):
    saved = tmp_path / "saved.db"
    copies.save_copy(seeded_db, saved)
    seeded_db.execute("CREATE TABLE extra (x)")
    seeded_db.conn.commit()
    with pytest.raises(DatabaseProblem, match="nothing was restored"):
        restoring.restore_backup(saved, seeded_path)
    assert "extra" in open_database(seeded_path).table_names()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('bilateral', 'm999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()


def test_backup_keep_on_a_newer_database_is_a_clear_message(seeded_path, capsys):
    _newer(seeded_path)
    before = seeded_path.read_bytes()
    assert cli.main(["--db", str(seeded_path), "backup", "--keep", "3"]) == 1
    assert "Nothing was changed" in capsys.readouterr().err
    assert seeded_path.read_bytes() == before and not backup.list_backups(seeded_path)


def test_backup_keep_on_a_read_only_database_is_a_clear_message(seeded_path, monkeypatch, capsys):
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    assert cli.main(["--db", str(seeded_path), "backup", "--keep", "3"]) == 1
    assert "Nothing was changed" in capsys.readouterr().err
    assert not backup.list_backups(seeded_path)


def test_backup_keep_on_a_locked_database_is_a_clear_message(seeded_path, monkeypatch, capsys):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(seeded_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert cli.main(["--db", str(seeded_path), "backup", "--keep", "3"]) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "being written by another program" in capsys.readouterr().err
    assert not backup.list_backups(seeded_path)

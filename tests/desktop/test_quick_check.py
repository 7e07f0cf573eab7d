"""The window opens without SQLite's slow quick check and runs it in the background instead."""

from __future__ import annotations

import pytest

from bilateral.db import backup
from bilateral.db.errors import DatabaseProblem
from bilateral.db.store import open_database
from bilateral.desktop.files import tasks


def damage(path):
    """Break the page type of the sources table's root: the schema still reads, the check fails."""
    db = open_database(path)
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sources'").fetchone()[0]
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0xFF
    path.write_bytes(bytes(data))


def test_the_background_check_refuses_to_back_up_a_damaged_file(seeded_path):
    damage(seeded_path)
    db = open_database(seeded_path, check=False)
    with pytest.raises(DatabaseProblem, match="damaged"):
        tasks.daily_backup_job()(db, lambda fraction: None, lambda: False)
    assert backup.list_backups(seeded_path) == []


def test_the_background_check_backs_up_a_sound_file(seeded_path):
    db = open_database(seeded_path, check=False)
    made = tasks.daily_backup_job()(db, lambda fraction: None, lambda: False)
    assert made is not None and made.exists()

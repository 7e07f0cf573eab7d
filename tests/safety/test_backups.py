"""Backups are consistent copies beside the database, pruned, listed and restorable."""

from __future__ import annotations

import sqlite3

from bilateral.db import backup, restoring
from bilateral.db.records import Record, add_record, count_records
from bilateral.db.store import open_database


def add(db, title="New"):
    return add_record(
        db, Record(actor="CHN", partner="CUB", kind="visit", date="2024", title=title)
    )


def test_a_backup_is_a_sound_copy_beside_the_database(seeded_db, seeded_path):
    path = backup.make_backup(seeded_db, seeded_path)
    assert path.parent == seeded_path.parent / "backups" / seeded_path.name
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM records").fetchone() == (19,)


def test_only_the_newest_backups_are_kept(seeded_db, seeded_path):
    backup.set_kept(seeded_db, 3)
    made = [backup.make_backup(seeded_db, seeded_path) for _ in range(5)]
    assert [b.path for b in backup.list_backups(seeded_path)] == made[::-1][:3]


def test_a_daily_backup_is_made_once_a_day(seeded_db, seeded_path):
    first = backup.backup_if_due(seeded_db, seeded_path)
    second = backup.backup_if_due(seeded_db, seeded_path)
    assert first is not None and second is None


def test_restore_brings_back_the_records_and_saves_the_current_state(seeded_db, seeded_path):
    saved = backup.make_backup(seeded_db, seeded_path)
    add(seeded_db)
    safety = restoring.restore_backup(saved, seeded_path)
    assert count_records(open_database(seeded_path)) == 19
    assert backup._count(safety) == 20


def test_listing_shows_date_and_record_count(seeded_db, seeded_path):
    backup.make_backup(seeded_db, seeded_path)
    (listed,) = backup.list_backups(seeded_path)
    assert listed.records == 19 and listed.taken_at.year >= 2024


def test_a_migration_is_preceded_by_a_backup(seeded_path):
    conn = sqlite3.connect(seeded_path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_settings'")
    conn.execute("DROP TABLE settings")
    conn.commit()
    conn.close()
    open_database(seeded_path).close()
    (made,) = backup.list_backups(seeded_path)
    assert made.records == 19


def test_a_damaged_database_can_be_restored_and_is_kept_aside(seeded_db, seeded_path):
    saved = backup.make_backup(seeded_db, seeded_path)
    seeded_db.close()
    seeded_path.write_bytes(b"this used to be a database")
    aside = restoring.restore_backup(saved, seeded_path)
    assert count_records(open_database(seeded_path)) == 19
    assert aside.read_bytes() == b"this used to be a database"

"""Files that are not right get a clear message and are left byte-identical."""

from __future__ import annotations

import os
import sqlite3

import pytest

from bilateral.db import connection, store
from bilateral.db.errors import DatabaseProblem
from bilateral.db.records import Record, add_record
from bilateral.db.store import open_database


def checkpointed_copy(seeded_path, tmp_path):
    """The seeded database folded into one file (no -wal), ready to be damaged."""
    db = open_database(seeded_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    target = tmp_path / "copy.db"
    target.write_bytes(seeded_path.read_bytes())
    return target


def damage_not_sqlite(path):
    path.write_bytes(b"name,country\nXi,CHN\n")


def damage_empty(path):
    path.write_bytes(b"")


def damage_truncated(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def damage_pages(path):
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(2 * page, len(data) - page, 3 * page):
        data[start + 8 : start + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


def damage_newer(path):
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('bilateral', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (damage_not_sqlite, "is not a SQLite database"),
        (damage_empty, r"is empty \(0 bytes\)"),
        (damage_truncated, "damaged"),
        (damage_pages, "damaged"),
        (damage_newer, "newer version of Bilateral"),
    ],
)
def test_a_bad_file_gets_a_message_and_stays_byte_identical(
    damage, message, seeded_path, tmp_path, figures
):
    path = checkpointed_copy(seeded_path, tmp_path)
    damage(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match=message):
        open_database(path)
    assert path.read_bytes() == before
    figures["opening bad files"]["kinds of bad file"] += 1
    figures["opening bad files"]["files changed"] += path.read_bytes() != before


def test_a_newer_database_opens_read_only(seeded_path, tmp_path):
    path = checkpointed_copy(seeded_path, tmp_path)
    damage_newer(path)
    db = open_database(path, readonly=True)
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 19
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("DELETE FROM records")


def test_a_read_only_file_is_refused_for_writing(seeded_path, monkeypatch):
    # Tests run as root, for whom permission bits mean nothing; os.access is what the check asks.
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    with pytest.raises(store.ReadOnlyDatabase, match="read-only"):
        open_database(seeded_path)


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(DatabaseProblem, match="is a folder"):
        open_database(tmp_path)


def test_a_file_locked_by_another_writer_says_try_again(seeded_path, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(seeded_path)
    other.execute("BEGIN IMMEDIATE")
    try:
        db = open_database(seeded_path)
        with pytest.raises(DatabaseProblem, match="in use by another program"):
            add_record(db, Record(actor="CHN", partner="CUB", kind="visit", date="2024", title="T"))
    finally:
        other.rollback()
        other.close()

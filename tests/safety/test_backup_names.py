"""Each backup belongs to exactly one database, whatever its name; leftovers are tidied."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from bilateral.db import backup
from bilateral.db.store import open_database

STEMS = ["x", "x-old", "x[1]", "x*", "my data", "données ünï", "x?"]


def _db(folder, stem):
    path = folder / f"{stem}.db"
    open_database(path).close()
    return path


@pytest.mark.parametrize("stem", STEMS)
def test_each_database_lists_exactly_its_own_backups(tmp_path, stem, figures):
    others = [_db(tmp_path, s) for s in STEMS if s != stem]
    mine = _db(tmp_path, stem)
    for other in others:
        db = open_database(other)
        backup.make_backup(db, other)
        db.close()
    db = open_database(mine)
    made = [backup.make_backup(db, mine) for _ in range(2)]
    db.close()
    listed = [b.path for b in backup.list_backups(mine)]
    figures["backup names"]["stems checked"] += 1
    figures["backup names"]["foreign backups listed"] += len(set(listed) - set(made))
    assert listed == made[::-1]


@pytest.mark.parametrize("stem", STEMS)
def test_pruning_touches_only_its_own_backups(tmp_path, stem, figures):
    others = [_db(tmp_path, s) for s in STEMS if s != stem]
    theirs = []
    for other in others:
        db = open_database(other)
        theirs += [backup.make_backup(db, other) for _ in range(2)]
        db.close()
    mine = _db(tmp_path, stem)
    db = open_database(mine)
    for _ in range(3):
        backup.make_backup(db, mine, keep=1)
    db.close()
    lost = [p for p in theirs if not p.exists()]
    figures["backup names"]["foreign backups pruned"] += len(lost)
    assert not lost and len(backup.list_backups(mine)) == 1


def _old_scheme(path, stamp="20240101-120000-000001"):
    """A backup as the flat scheme named it: backups/{stem}-STAMP.db."""
    old = backup.backup_folder(path) / f"{path.stem}-{stamp}.db"
    old.parent.mkdir(exist_ok=True)
    shutil.copy(path, old)
    return old


@pytest.mark.parametrize("stem", ["x", "x[1]", "x-old"])
def test_backups_of_the_old_flat_scheme_are_still_listed(tmp_path, stem):
    path = _db(tmp_path, stem)
    old = _old_scheme(path)
    _old_scheme(_db(tmp_path, stem + "-old"))  # another database's, never listed here
    assert [b.path for b in backup.list_backups(path)] == [old]


def test_a_set_aside_file_is_never_listed_or_pruned(seeded_db, seeded_path):
    aside = (
        backup.own_folder(seeded_path) / f"{seeded_path.stem}-20240101-120000-000001-unreadable.db"
    )
    aside.parent.mkdir(parents=True)
    aside.write_bytes(b"broken")
    for _ in range(2):
        backup.make_backup(seeded_db, seeded_path, keep=1)
    assert aside.exists() and aside not in [b.path for b in backup.list_backups(seeded_path)]


def test_a_stale_partial_backup_is_removed_by_the_next_backup(seeded_db, seeded_path):
    folder = backup.own_folder(seeded_path)
    folder.mkdir(parents=True)
    partial = folder / f"{seeded_path.stem}-20240101-120000-000001.db.partial"
    partial.write_bytes(b"half a backup")
    os.utime(partial, (0, 0))
    backup.make_backup(seeded_db, seeded_path)
    assert not partial.exists()


def test_a_fresh_partial_of_another_database_is_kept(seeded_db, seeded_path):
    other = backup.backup_folder(seeded_path) / "other-20240101-120000-000001.db.partial"
    other.parent.mkdir()
    other.write_bytes(b"being written")
    os.utime(other, (0, 0))
    backup.make_backup(seeded_db, seeded_path)
    assert other.exists()


def test_a_backup_is_one_self_contained_file(seeded_db, seeded_path):
    path = backup.make_backup(seeded_db, seeded_path)
    backup.list_backups(seeded_path)  # reading them must not leave companions either
    assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_stale_companions_of_a_backup_are_folded_in_and_removed(seeded_db, seeded_path):
    old = backup.make_backup(seeded_db, seeded_path)
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE late (x)")
    conn.commit()
    # A process killed here leaves -wal and -shm beside the backup.
    saved = {s: old.with_name(old.name + s).read_bytes() for s in ("-wal", "-shm")}
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.close()
    for suffix, data in saved.items():
        old.with_name(old.name + suffix).write_bytes(data)
    backup.make_backup(seeded_db, seeded_path)
    assert not any(old.with_name(old.name + s).exists() for s in ("-wal", "-shm"))
    assert sqlite3.connect(old).execute("SELECT count(*) FROM late").fetchone() == (0,)

"""A commit that fails (a full disk, a broken reference) rolls back and frees the write lock."""

from __future__ import annotations

import sqlite3

import pytest

from bilateral.db.connection import connect, write_transaction


def test_a_failed_commit_leaves_no_transaction_open(tmp_path):
    db = connect(tmp_path / "t.db")
    db.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    db.execute(
        "CREATE TABLE child (parent_id REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
    )
    # A deferred reference is checked only at COMMIT, as a full disk is only found then.
    with pytest.raises(sqlite3.IntegrityError), write_transaction(db):
        db.execute("INSERT INTO child VALUES (42)")
    assert db.conn.in_transaction is False
    assert db.execute("SELECT count(*) FROM child").fetchone()[0] == 0

"""A window edit that fails on a full disk keeps the dialog open with the input, and writes nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget

from bilateral.db.records import count_records, get_record
from bilateral.db.store import open_database
from bilateral.desktop.records.editing import Editing

FULL = "database or disk is full"


class _FullDisk:
    """A connection whose writes fail as on a full disk; everything else goes through."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def _refuse(self, sql: str) -> None:
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError(FULL)

    def execute(self, sql, *args):
        self._refuse(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql, *args):
        self._refuse(sql)
        return self._conn.executemany(sql, *args)


def type_into(field, text: str) -> None:
    field.selectAll()
    QTest.keyClick(field, Qt.Key.Key_Delete)
    QTest.keyClicks(field, text)


def _editing(qtbot, db) -> Editing:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    return Editing(db, parent, lambda: "")


@pytest.fixture
def editing(qtbot, seeded_db):
    return _editing(qtbot, seeded_db)


@pytest.fixture
def full(editing, monkeypatch):
    """From now on every write of the window's connection fails as on a full disk."""
    monkeypatch.setattr(editing.db, "conn", _FullDisk(editing.db.conn))


def _last(db) -> int:
    return db.execute("SELECT max(id) FROM records").fetchone()[0]


def _fill_add(dialog) -> None:
    f = dialog.form
    for field, text in ((f.actor, "CHN"), (f.partner, "CUB"), (f.date, "2024-02")):
        type_into(getattr(field, "edit", field), text)
    f.kind.setCurrentIndex(f.kind.findData("visit"))
    f.kind.activated.emit(f.kind.currentIndex())
    type_into(f.title, "Typed on a full disk")


def test_an_edit_on_a_full_disk_keeps_the_dialog_open_with_the_input(editing, full):
    dialog = editing.edit(_last(editing.db))
    type_into(dialog.form.title, "Typed on a full disk")
    dialog.save_button.click()
    assert (dialog.isVisible(), dialog.form.title.text()) == (True, "Typed on a full disk")


def test_an_edit_on_a_full_disk_says_the_disk_is_full(editing, full):
    dialog = editing.edit(_last(editing.db))
    type_into(dialog.form.title, "Typed on a full disk")
    dialog.save_button.click()
    assert (dialog.error.isVisible(), "disk" in dialog.error.text()) == (True, True)


def test_an_edit_on_a_full_disk_writes_nothing(editing, seeded_path, full):
    record_id = _last(editing.db)
    dialog = editing.edit(record_id)
    before = get_record(editing.db, record_id)
    type_into(dialog.form.title, "Typed on a full disk")
    dialog.save_button.click()
    other = open_database(seeded_path)
    assert (get_record(other, record_id), editing.stack.count()) == (before, 0)
    other.close()


def test_an_add_on_a_full_disk_keeps_the_dialog_open_and_adds_nothing(editing, full):
    dialog = editing.add()
    _fill_add(dialog)
    dialog.save_button.click()
    assert (dialog.isVisible(), "disk" in dialog.error.text(), count_records(editing.db)) == (
        True,
        True,
        19,
    )


def test_a_delete_on_a_full_disk_says_so_and_deletes_nothing(editing, full, answer):
    record_id = _last(editing.db)
    editing.delete(record_id)
    assert "Delete 1 record" in answer("Delete")
    messages = [b.text() for b in editing.window.findChildren(QMessageBox) if b.isVisible()]
    assert (len(messages), "disk" in messages[0], get_record(editing.db, record_id).id) == (
        1,
        True,
        record_id,
    )


@pytest.fixture
def tiny_disk(tmp_path):
    """An 8 MB file system of its own (tmpfs), or skip where mounting is not allowed.

    Room for the 1 MB summary below twice over, as the record and as its revision
    (old → new), with their write-ahead log.
    """
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill_up(folder) -> None:
    """Write a filler file until the file system refuses another byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for _ in range(10_000):  # bounded: 8 MB in 4 kB steps needs fewer than 2,100
            try:
                os.write(fd, b"\0" * 4096)
            except OSError:
                return
    finally:
        os.close(fd)


def test_an_edit_on_a_really_full_disk_keeps_input_and_stored_record(
    qtbot, seeded_path, tiny_disk, figures
):
    path = tiny_disk / "full.db"
    shutil.copy(seeded_path, path)
    db = open_database(path)
    editing = _editing(qtbot, db)
    record_id = _last(db)
    before = get_record(db, record_id)
    _fill_up(tiny_disk)
    dialog = editing.edit(record_id)
    dialog.form.summary.setPlainText("x " * 500_000)  # far more than the disk has left
    dialog.save_button.click()
    (tiny_disk / "filler").unlink()
    stored = get_record(db, record_id)
    figures["full disk"]["window saves refused"] += 1
    figures["full disk"]["records half-written"] += stored != before
    db.close()
    assert (dialog.isVisible(), "full" in dialog.error.text(), stored) == (
        True,
        True,
        before,
    )


def test_the_dialog_saves_once_space_is_free_again(qtbot, seeded_path, tiny_disk):
    path = tiny_disk / "full.db"
    shutil.copy(seeded_path, path)
    db = open_database(path)
    editing = _editing(qtbot, db)
    record_id = _last(db)
    _fill_up(tiny_disk)
    dialog = editing.edit(record_id)
    type_into(dialog.form.title, "Saved later")
    dialog.form.summary.setPlainText("x " * 500_000)
    dialog.save_button.click()
    (tiny_disk / "filler").unlink()
    dialog.save_button.click()
    title = get_record(db, record_id).title
    db.close()
    assert (dialog.isVisible(), title) == (False, "Saved later")


def test_the_patched_full_disk_leaves_no_open_transaction(editing, full):
    dialog = editing.edit(_last(editing.db))
    type_into(dialog.form.title, "x")
    dialog.save_button.click()
    assert editing.db.conn.in_transaction is False

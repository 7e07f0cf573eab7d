"""An export never lands on a database: the target is checked, and written whole or not at all."""

from __future__ import annotations

import csv
import errno
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bilateral.cli import main as cli
from bilateral.db import csv_export
from bilateral.db.errors import BilateralError, Cancelled
from bilateral.db.query import Filter
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.files import file_actions, tasks
from bilateral.desktop.shell.main_window import MainWindow

PRECIOUS = "my own notes\n"


def _other_database(tmp_path: Path) -> Path:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return other


TARGETS = {
    "the database": lambda db, tmp: db,
    "its -wal": lambda db, tmp: db.with_name(db.name + "-wal"),
    "its -shm": lambda db, tmp: db.with_name(db.name + "-shm"),
    "another SQLite database": lambda db, tmp: _other_database(tmp),
}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def live(seeded_path):
    """The seeded database with a live connection, so its -wal and -shm exist."""
    conn = sqlite3.connect(seeded_path)
    conn.execute("SELECT count(*) FROM records").fetchone()
    yield seeded_path
    conn.close()


@pytest.mark.parametrize("what", ["records", "summary"])
@pytest.mark.parametrize("target", TARGETS, ids=list(TARGETS))
def test_the_command_line_refuses_to_export_onto_a_database(
    what, target, live, tmp_path, capsys, figures
):
    out = TARGETS[target](live, tmp_path)
    before = out.read_bytes()
    code = cli.main(["--db", str(live), "export", what, "--out", str(out)])
    assert (code, out.read_bytes() == before) == (1, True)
    assert "exporting there would destroy it" in capsys.readouterr().err
    figures["export onto a database"]["targets refused"] += 1
    figures["export onto a database"]["files changed"] += out.read_bytes() != before


def test_the_window_refuses_to_export_onto_its_own_database(qtbot, live, tmp_path, monkeypatch):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt"))
    told: list[str] = []
    monkeypatch.setattr(file_actions, "notify", lambda _parent, _title, text: told.append(text))
    window = MainWindow(tasks.connect(live), Settings())
    qtbot.addWidget(window)
    before = live.read_bytes()
    task = window.files.export_records(live)
    qtbot.waitUntil(lambda: task.done)
    window.close()
    assert live.read_bytes() == before
    assert any("exporting there would destroy it" in text for text in told)


@pytest.mark.parametrize("target", TARGETS, ids=list(TARGETS))
def test_the_window_summary_export_refuses_a_database(target, live, tmp_path):
    out = TARGETS[target](live, tmp_path)
    before = out.read_bytes()
    db = tasks.connect(live)
    try:
        with pytest.raises(BilateralError, match="exporting there would destroy it"):
            tasks.export_summary_job(out, Filter())(db, lambda _f: None, lambda: False)
    finally:
        db.close()
    assert out.read_bytes() == before


def test_a_cancelled_export_leaves_the_existing_file_and_no_other(seeded_path, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "records.csv"
    out.write_text(PRECIOUS, encoding="utf-8")
    db = tasks.connect(seeded_path)
    before = _snapshot(folder)
    try:
        with pytest.raises(Cancelled):
            tasks.export_records_job(out, Filter())(db, lambda _f: None, lambda: True)
    finally:
        db.close()
    assert _snapshot(folder) == before


def test_a_failed_command_line_export_leaves_the_existing_file_and_no_other(
    seeded_path, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "records.csv"
    out.write_text(PRECIOUS, encoding="utf-8")

    real = csv.writer

    class Full:
        """The header goes out; the disk fills with the first rows."""

        def __init__(self, stream, **options) -> None:
            self.writer = real(stream, **options)

        def writerow(self, row):
            return self.writer.writerow(row)

        def writerows(self, rows):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(csv_export.csv, "writer", Full)
    code = cli.main(["--db", str(seeded_path), "export", "records", "--out", str(out)])
    assert (code, out.read_text(encoding="utf-8")) == (1, PRECIOUS)
    assert sorted(p.name for p in tmp_path.iterdir() if ".partial" in p.name) == []


def test_a_finished_export_replaces_the_file_whole(seeded_path, tmp_path):
    out = tmp_path / "records.csv"
    out.write_text(PRECIOUS, encoding="utf-8")
    assert cli.main(["--db", str(seeded_path), "export", "records", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("uid,")
    assert [p.name for p in tmp_path.iterdir() if ".partial" in p.name] == []

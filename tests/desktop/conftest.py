"""Fixtures for the window: isolated settings, a main window on the seed data, dialog typing."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from bilateral.db.csv_export import export_records
from bilateral.db.store import open_database
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.shell.main_window import MainWindow


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path):
    """QSettings reads its folder once per process: point it at this test's folder."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt"))


@pytest.fixture
def window(qtbot, seeded_db):
    """The main window on a fresh seeded database, shown, with China–Cuba selected."""
    main = MainWindow(seeded_db, Settings())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


class Questions:
    """Stands in for QMessageBox.exec: keeps each box and clicks the button named ``answer``."""

    def __init__(self):
        self.boxes: list[QMessageBox] = []
        self.answer = "Cancel"

    def exec(self, box: QMessageBox) -> int:
        self.boxes.append(box)
        for button in box.buttons():
            if button.text() == self.answer:
                button.click()
        return 0


@pytest.fixture
def questions(monkeypatch):
    """Every question box shown, answered Cancel unless told otherwise."""
    asked = Questions()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.exec(box))
    return asked


@pytest.fixture
def seed_rows(seeded_db, tmp_path):
    """The seed records as exported, one dict per row."""
    exported = tmp_path / "seed.csv"
    export_records(seeded_db, exported)
    return list(csv.DictReader(exported.open(encoding="utf-8", newline="")))


@pytest.fixture
def other(seeded_path):
    """A second connection to the window's file, as another Bilateral would hold."""
    db = open_database(seeded_path)
    yield db
    db.close()

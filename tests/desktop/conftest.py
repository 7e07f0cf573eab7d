"""Fixtures for the window: isolated settings, a main window on the seed data, dialog typing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from desktop.main_window import MainWindow
from desktop.settings import Settings

HERE = Path(__file__).parent
# Qt's offscreen platform warns that it cannot resize, raise or grab for popups
# and windows; that says nothing about the code under test.
OFFSCREEN_NOISE = "This plugin does not support"


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


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


def type_into(widget, text: str) -> None:
    """Replace a field's text by typing, as a person would."""
    target = getattr(widget, "edit", widget)  # date and tag fields type into their line edit
    target.selectAll()
    QTest.keyClick(target, Qt.Key.Key_Delete)
    if text:
        QTest.keyClicks(target, text)


def fill_valid(form) -> None:
    """Type a valid record into a record form."""
    type_into(form.actor, "CHN")
    type_into(form.partner, "CUB")
    form.kind.setCurrentIndex(form.kind.findData("aid"))
    form.kind.activated.emit(form.kind.currentIndex())
    type_into(form.date, "2024-02")
    type_into(form.title, "Rice donation")
    type_into(form.amount, "1000")
    type_into(form.currency, "USD")

"""Fixtures for the window: isolated settings, a main window on the seed data, dialog typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

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

"""`bilateral --db FILE` opens the window on that file."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from bilateral.desktop import main
from bilateral.desktop.shell.main_window import MainWindow


def test_bilateral_with_db_opens_the_window_on_that_file(seeded_path, qapp, monkeypatch):
    shown = []

    def close_the_window():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                shown.append((widget.windowTitle(), widget.pairs.pairs()))
                widget.close()
                widget.deleteLater()
        QApplication.quit()

    QTimer.singleShot(0, close_the_window)
    monkeypatch.setattr(sys, "argv", ["bilateral", "--db", str(seeded_path)])
    assert (main.main(), shown) == (0, [("test.db — Bilateral", ["CHN-CUB", "BLR-CUB"])])

"""Starting the desktop application: the Qt application, the database to open, the window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from bilateral.cli.display import NO_DISPLAY
from bilateral.db.seed import default_database_path
from bilateral.desktop.common import settings as keys
from bilateral.desktop.common import theme
from bilateral.desktop.common.icons import app_icon
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.shell.collector import MainThreadCollector
from bilateral.desktop.shell.main_window import MainWindow
from bilateral.desktop.shell.opening import open_for_window


def application() -> QApplication:
    """The QApplication, created once with Bilateral's name and icon."""
    app = QApplication.instance()
    if app is None:
        previous = qInstallMessageHandler(_fatal_without_display)
        app = QApplication(sys.argv[:1])
        qInstallMessageHandler(previous)
    app.setApplicationName("Bilateral")
    app.setOrganizationName("Bilateral")
    app.setApplicationDisplayName("Bilateral")
    app.setDesktopFileName("bilateral")
    app.setWindowIcon(app_icon())
    if not hasattr(app, "collector"):
        app.collector = MainThreadCollector(app)
        follow_system_palette(app)
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: follow_system_palette(app))
    return app


def follow_system_palette(app: QApplication) -> None:
    """Use the desktop's palette, with any text role under 4.5:1 made readable (Fusion's
    white on a light blue selection, its half-transparent placeholder)."""
    app.setPalette(QPalette())  # back to the platform's palette, which may have changed
    palette = theme.amended(app.palette())
    if palette != app.palette():
        app.setPalette(palette)


def _fatal_without_display(kind: QtMsgType, _context, text: str) -> None:
    """While the application starts: a platform plugin that cannot start means no
    display; say so plainly and leave, where Qt would print its own message and abort."""
    if kind == QtMsgType.QtFatalMsg and "platform plugin" in text:
        print(NO_DISPLAY, file=sys.stderr, flush=True)
        os._exit(1)  # a fatal message aborts as soon as the handler returns
    if kind != QtMsgType.QtDebugMsg:
        print(text, file=sys.stderr, flush=True)


def choose_database(db_path: Path | None, settings: Settings) -> Path:
    """The file to open: the one asked for, else the last one used, else the default."""
    if db_path is not None:
        return Path(db_path)
    last = settings.get(keys.LAST_DATABASE)
    if last and Path(last).exists():
        return Path(last)
    return default_database_path()


def open_window(db_path: Path | None = None) -> MainWindow | None:
    """Open the database and show the main window; None (after saying why) when it cannot."""
    application()
    settings = Settings()
    path = choose_database(db_path, settings)
    opened = open_for_window(None, path)
    if opened is None:
        return None
    window = MainWindow(opened[0], settings, read_only=opened[1])
    window.show()
    return window


def run(db_path: Path | None = None) -> int:
    """Open the window on ``db_path`` (or the usual database) and run until it is closed."""
    app = application()
    window = open_window(db_path)
    if window is None:
        return 1
    return app.exec()

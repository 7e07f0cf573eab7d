"""The About box: what Bilateral is, and the versions it runs on."""

from __future__ import annotations

import platform
import sqlite3
from importlib import metadata

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from bilateral.desktop.common.icons import app_icon
from bilateral.desktop.common.plain import message

__all__ = ["app_icon", "show_about", "versions"]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def versions() -> dict[str, str]:
    """The versions of Bilateral and of what it runs on."""
    return {
        "Bilateral": _version("bilateral"),
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "pyqtgraph": _version("pyqtgraph"),
        "sqlite-utils": _version("sqlite-utils"),
        "SQLite": sqlite3.sqlite_version,
    }


def show_about(parent: QWidget) -> QMessageBox:
    """Open the About box."""
    lines = "\n".join(f"{name} {version}" for name, version in versions().items())
    box = message(
        parent,
        "About Bilateral",
        "Bilateral tracks the relations between two countries: visits, agreements, aid, "
        "loans, statements and allegations, with their sources, on a timeline.\n\n"
        f"{lines}\n\nMIT licence.",
        icon=QMessageBox.Icon.NoIcon,
    )
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.open()
    return box

"""Icons shipped in resources/: the action icons, the application icon and kind swatches."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap


def resource_path(name: str) -> Path:
    """The path of a file inside the installed resources package."""
    return Path(str(resources.files("bilateral.resources").joinpath(name)))


@cache
def icon(name: str) -> QIcon:
    """The action icon resources/icons/NAME.svg."""
    return QIcon(str(resource_path(f"icons/{name}.svg")))


@cache
def app_icon() -> QIcon:
    """The application icon."""
    return QIcon(str(resource_path("bilateral.svg")))


@cache
def swatch(color: str, size: int = 12) -> QIcon:
    """A small rounded square in ``color``, the mark of a kind everywhere."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(color).darker(130))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)

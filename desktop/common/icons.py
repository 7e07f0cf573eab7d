"""Icons shipped in resources/: the action icons, the application icon and kind swatches."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QApplication

from bilateral.desktop.common import theme

# The colour every icon in resources/icons is drawn in, swapped for the theme's.
DRAWN_IN = "#37474f"
_SIZES = (16, 20, 22, 24, 32, 48)  # 48 for 24-pixel icons on a screen at twice the density
_NAME = "bilateral_icon"


def resource_path(name: str) -> Path:
    """The path of a file inside the installed resources package."""
    return Path(str(resources.files("bilateral.resources").joinpath(name)))


def icon(name: str) -> QIcon:
    """The action icon resources/icons/NAME.svg, drawn in the theme's icon colour (its
    slate grey on a light palette, the buttons' text colour on a dark one)."""
    return _drawn(name, theme.current().icon)


@cache
def _drawn(name: str, color: str) -> QIcon:
    svg = resource_path(f"icons/{name}.svg").read_text(encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(svg.replace(DRAWN_IN, color).encode()))
    drawn = QIcon()
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        drawn.addPixmap(pixmap)
    return drawn


def set_icon(target: QAction | QAbstractButton, name: str) -> None:
    """Give an action or button the icon NAME, drawn again whenever the palette changes."""
    theme.when_palette_changes(_redraw_all)
    target.setProperty(_NAME, name)
    target.setIcon(icon(name))


def _redraw_all(_palette: QPalette) -> None:
    """Draw again, in the new theme's colour, every icon :func:`set_icon` gave (slate
    grey would vanish on dark grey)."""
    for top in QApplication.topLevelWidgets():
        for target in (*top.findChildren(QAction), *top.findChildren(QAbstractButton)):
            name = target.property(_NAME)
            if name:
                target.setIcon(icon(name))


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

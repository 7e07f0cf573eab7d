"""Sizes windows and dialogs to the screen they open on, so no button falls below its edge."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the title bar and frame the window manager adds around the widget's own size.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40


def available_geometry(widget: QWidget) -> QRect:
    """The free area (without task bars) of the screen ``widget`` is on, or the primary one."""
    parent = widget.parentWidget()
    screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Resize ``widget`` to ``width`` × ``height`` (its size when not given), no larger than its
    screen's free area, and move it back inside that area if part of it lies outside."""
    area = available_geometry(widget)
    w = min(width if width is not None else widget.width(), area.width() - FRAME_WIDTH)
    h = min(height if height is not None else widget.height(), area.height() - FRAME_HEIGHT)
    widget.resize(w, h)
    x = min(max(widget.x(), area.left()), area.right() + 1 - w - FRAME_WIDTH)
    y = min(max(widget.y(), area.top()), area.bottom() + 1 - h - FRAME_HEIGHT)
    # Only a window placed by hand or by restored settings: Qt places the others itself.
    if widget.testAttribute(Qt.WidgetAttribute.WA_Moved) and (x, y) != (widget.x(), widget.y()):
        widget.move(x, y)

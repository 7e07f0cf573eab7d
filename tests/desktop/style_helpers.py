"""A check of the style sheets of a window: every colour the theme's, every text readable."""

from __future__ import annotations

import re
from dataclasses import asdict

from PySide6.QtWidgets import QWidget

from bilateral.desktop.common import theme

_HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
_TEXT_COLOR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})")
_BACKGROUND = re.compile(r"background:\s*(#[0-9a-fA-F]{6})")


def style_problems(top: QWidget) -> list[str]:
    """Widgets under ``top`` whose style sheet holds a colour the current theme does not
    have, or text under 4.5:1 on the background it is drawn on."""
    colors = asdict(theme.current())
    known = {v for v in colors.values() if isinstance(v, str)} | set(colors["flows"])
    problems = []
    for widget in (top, *top.findChildren(QWidget)):
        sheet = widget.styleSheet()
        label = f"{type(widget).__name__} {widget.objectName()}: {sheet}"
        if "rgb" in sheet or any(c not in known for c in _HEX.findall(sheet)):
            problems.append(f"not the theme's: {label}")
        background = _BACKGROUND.search(sheet)
        behind = background[1] if background else widget.palette().color(widget.backgroundRole())
        for color in _TEXT_COLOR.findall(sheet):
            if theme.contrast(color, behind) < theme.TEXT_CONTRAST:
                problems.append(f"under 4.5:1: {label}")
    return problems

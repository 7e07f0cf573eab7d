"""A dark desktop palette for the tests, as a user's theme sets it."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

# The roles a dark theme usually sets, and nothing for the rest (placeholder, selection,
# links), which stay what the light palette had.
DARK_ROLES = {
    "Window": "#2b2b2b",
    "WindowText": "#e6e6e6",
    "Base": "#1e1e1e",
    "AlternateBase": "#262626",
    "Text": "#e6e6e6",
    "Button": "#353535",
    "ButtonText": "#e6e6e6",
    "ToolTipBase": "#2b2b2b",
    "ToolTipText": "#e6e6e6",
}


def dark_palette(light: QPalette) -> QPalette:
    """``light`` with the roles a dark theme sets made dark."""
    dark = QPalette(light)
    for role, color in DARK_ROLES.items():
        dark.setColor(getattr(QPalette.ColorRole, role), QColor(color))
    return dark

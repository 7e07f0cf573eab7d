"""The window's colours, read from the system palette, so that a dark theme stays readable."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# WCAG 2.1: 4.5:1 for text, 3:1 for lines and marks that carry meaning.
TEXT_CONTRAST = 4.5
MARK_CONTRAST = 3.0

# Money flows, in turn: the text colour, then Okabe–Ito colours. Each theme keeps those
# that stand 3:1 from its background (yellow and sky blue only on dark, blue only on light).
_FLOWS = ("#d55e00", "#0072b2", "#cc79a7", "#009e73", "#e69f00", "#56b4e9", "#f0e442")
# Semantic colours on a light and on a dark background: (light, dark).
_ERROR = ("#b00020", "#ff8a80")
_WARNING = ("#8a4f00", "#ffb74d")
_DENIES = ("#c62828", "#ff8a80")
_CONFIRMS = ("#1b7f3b", "#69d18b")


def luminance(color: QColor) -> float:
    """WCAG relative luminance of a colour (0 black … 1 white)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.redF())
        + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF())
    )


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def toward(color: QColor | str, background: QColor | str, least: float) -> QColor:
    """``color`` faded toward ``background`` as far as keeps ``least`` contrast with it."""
    fg, bg = QColor(color), QColor(background)
    best = fg
    for step in range(1, 20):
        t = step / 20
        mixed = QColor.fromRgbF(
            fg.redF() + (bg.redF() - fg.redF()) * t,
            fg.greenF() + (bg.greenF() - fg.greenF()) * t,
            fg.blueF() + (bg.blueF() - fg.blueF()) * t,
        )
        if contrast(mixed, bg) < least:
            break
        best = mixed
    return best


def readable(color: QColor | str, background: QColor | str) -> QColor:
    """``color`` darkened (on a light background) or lightened (on a dark one) to 4.5:1."""
    shade, bg = QColor(color), QColor(background)
    lighten = luminance(bg) < 0.2
    for _ in range(12):
        if contrast(shade, bg) >= TEXT_CONTRAST:
            break
        shade = shade.lighter(115) if lighten else shade.darker(115)
    return shade


def faded(color: QColor | str, alpha: int) -> QColor:
    """``color`` with an alpha of ``alpha`` (0–255): for a fill behind text."""
    shade = QColor(color)
    shade.setAlpha(alpha)
    return shade


@dataclass(frozen=True)
class Theme:
    """Named colours (#rrggbb) for one palette: text roles meet 4.5:1, marks 3:1."""

    dark: bool
    background: str  # behind the plots and views (the palette's Base)
    text: str
    muted: str  # secondary text: counts, notes, axis labels
    faint: str  # lines that support rather than say: grid, part-of connectors
    error: str
    warning: str
    denies: str
    confirms: str
    tip_background: str
    tip_text: str
    flows: tuple[str, ...]

    def style(self, role: str) -> str:
        """A style sheet giving a label the colour of ``role`` ('muted', 'error', 'warning')."""
        return f"color: {getattr(self, role)};"


def for_palette(palette: QPalette) -> Theme:
    """The theme that goes with ``palette``."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = luminance(base) < luminance(text)
    pick = 1 if dark else 0
    flows = (text.name(), *(c for c in _FLOWS if contrast(c, base) >= MARK_CONTRAST))
    return Theme(
        dark=dark,
        background=base.name(),
        text=text.name(),
        muted=toward(text, base, TEXT_CONTRAST + 0.3).name(),
        faint=toward(text, base, MARK_CONTRAST - 0.8).name(),
        error=_ERROR[pick],
        warning=_WARNING[pick],
        denies=_DENIES[pick],
        confirms=_CONFIRMS[pick],
        tip_background=palette.color(QPalette.ColorRole.ToolTipBase).name(),
        tip_text=palette.color(QPalette.ColorRole.ToolTipText).name(),
        flows=flows,
    )


def current() -> Theme:
    """The theme of the application's palette now."""
    return for_palette(QGuiApplication.palette())

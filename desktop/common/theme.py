"""The window's colours, read from the system palette, so that a dark theme stays readable."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

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
# A kind whose colour is not known yet: mid grey, 3:1 on white and on near black.
NO_KIND_COLOR = "#7f7f7f"
# The slate grey the icons in resources/icons are drawn in.
_ICON = "#37474f"


def luminance(color: QColor) -> float:
    """WCAG relative luminance of a colour (0 black … 1 white)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.redF())
        + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF())
    )


def over(color: QColor | str, background: QColor | str) -> QColor:
    """``color`` as it shows on ``background``: a translucent colour mixed with what is behind."""
    fg = QColor(color)
    return mix(background, QColor(fg.red(), fg.green(), fg.blue()), fg.alphaF())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG contrast ratio of colour ``a`` shown on ``b`` (from 1 to 21); ``a`` may be translucent."""
    la, lb = sorted((luminance(over(a, b)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(color: QColor | str, other: QColor | str, t: float) -> QColor:
    """The colour ``t`` of the way from ``color`` to ``other`` (0 gives ``color``)."""
    a, b = QColor(color), QColor(other)
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def toward(
    color: QColor | str, background: QColor | str, least: float, *also: QColor | str
) -> QColor:
    """``color`` faded toward ``background`` as far as keeps ``least`` contrast with it
    (and with each of the backgrounds ``also`` it is shown on)."""
    best = QColor(color)
    for step in range(1, 20):
        mixed = mix(color, background, step / 20)
        if any(contrast(mixed, bg) < least for bg in (background, *also)):
            break
        best = mixed
    return best


def readable(color: QColor | str, background: QColor | str, *also: QColor | str) -> QColor:
    """``color`` darkened (on a light background) or lightened (on a dark one) to 4.5:1
    on ``background`` and on each of ``also``."""
    shade = QColor(color)
    lighten = luminance(QColor(background)) < 0.2
    for _ in range(16):
        if all(contrast(shade, bg) >= TEXT_CONTRAST for bg in (background, *also)):
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
    window: str  # behind labels and notes (the palette's Window)
    text: str
    muted: str  # secondary text: counts, notes, axis labels (on Base and on Window)
    faint: str  # lines that support rather than say: grid, part-of connectors
    error: str
    warning: str
    denies: str
    confirms: str
    tip_background: str
    tip_text: str
    icon: str  # the strokes of the toolbar and field icons (3:1 on Window, Button and Base)
    chip: str  # behind a tag in a field; text on it is ``text``
    chip_border: str
    invalid: str  # behind a field whose text is not understood; text on it is ``text``
    flows: tuple[str, ...]


# The palette's roles a theme is made from.
_ROLES = tuple(
    getattr(QPalette.ColorRole, name)
    for name in (
        "Base",
        "Window",
        "Button",
        "Text",
        "ButtonText",
        "Highlight",
        "ToolTipBase",
        "ToolTipText",
    )
)


def for_palette(palette: QPalette) -> Theme:
    """The theme that goes with ``palette``."""
    # Drawing asks for the theme often (a timeline redraw, some 15 times), and working it
    # out takes about 1.7 ms: keep it per colours.
    return _theme(tuple(palette.color(role).rgba() for role in _ROLES))


@functools.lru_cache(maxsize=16)
def _theme(rgba: tuple[int, ...]) -> Theme:
    base, window, button, text, button_text, highlight, tip_base, tip_text = (
        QColor.fromRgba(value) for value in rgba
    )
    dark = luminance(base) < luminance(text)
    pick = 1 if dark else 0
    flows = (text.name(), *(c for c in _FLOWS if contrast(c, base) >= MARK_CONTRAST))
    # Icons keep their slate grey where it shows (3:1, WCAG 1.4.11), else the buttons' text.
    icon = QColor(_ICON)
    if any(contrast(icon, bg) < MARK_CONTRAST for bg in (window, button, base)):
        icon = button_text
    # Tints behind text: a tenth of the way to a highlight (or error) colour, and the
    # text darkened or lightened further if the tint took it under 4.5:1.
    chip = mix(base, highlight, 0.12)
    invalid = mix(base, _ERROR[pick], 0.18)
    return Theme(
        dark=dark,
        background=base.name(),
        window=window.name(),
        text=readable(text, base, chip, invalid).name(),
        muted=toward(text, base, TEXT_CONTRAST + 0.3, window).name(),
        faint=toward(text, base, MARK_CONTRAST - 0.8).name(),
        error=readable(_ERROR[pick], base, window).name(),
        warning=readable(_WARNING[pick], base, window).name(),
        denies=readable(_DENIES[pick], base, window).name(),
        confirms=readable(_CONFIRMS[pick], base, window).name(),
        tip_background=tip_base.name(),
        tip_text=tip_text.name(),
        icon=icon.name(),
        chip=chip.name(),
        chip_border=toward(text, chip, MARK_CONTRAST).name(),
        invalid=invalid.name(),
        flows=flows,
    )


def current() -> Theme:
    """The theme of the application's palette now."""
    return for_palette(QGuiApplication.palette())


# Text roles of a palette and the background each is read on (WCAG: 4.5:1).
TEXT_PAIRS = (
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
)
# Disabled text is exempt from the contrast rule, and greyed on purpose.
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def amended(palette: QPalette) -> QPalette:
    """``palette`` with every text role that reads under 4.5:1 on its background made
    readable: the text darkened or lightened, and where that cannot do it (white on a light
    selection) the background too. Roles that already read are left as they are."""
    result = QPalette(palette)
    for group in _GROUPS:
        for fg_role, bg_role in TEXT_PAIRS:
            fg, bg = result.color(group, fg_role), result.color(group, bg_role)
            if contrast(fg, bg) >= TEXT_CONTRAST:
                continue
            # Light text grows lighter and dark text darker, keeping the palette's sense.
            shown = over(fg, bg)
            light_text = luminance(shown) > luminance(bg)
            shown = _apart(shown, bg, light_text)
            if contrast(shown, bg) < TEXT_CONTRAST and bg_role == QPalette.ColorRole.Highlight:
                # White on a light selection cannot get whiter: the selection darkens.
                while contrast(shown, bg) < TEXT_CONTRAST and bg.value() > 0:
                    bg = bg.darker(112) if light_text else bg.lighter(112)
                result.setColor(group, bg_role, bg)
            elif contrast(shown, bg) < TEXT_CONTRAST:
                # A role left over from another palette (dark placeholder on a dark Base).
                shown = _apart(over(fg, bg), bg, not light_text)
            result.setColor(group, fg_role, shown)
    return result


def _apart(color: QColor, background: QColor, lighten: bool) -> QColor:
    """``color`` moved toward white (or black) just far enough to read on ``background``."""
    end = QColor("#ffffff" if lighten else "#000000")
    for step in range(21):
        moved = mix(color, end, step / 20)
        if contrast(moved, background) >= TEXT_CONTRAST:
            return moved
    return end


_TEMPLATE = "bilateral_theme_style"
_followers: list[Callable[[QPalette], None]] = []


def when_palette_changes(callback: Callable[[QPalette], None]) -> None:
    """Call ``callback`` with the new palette each time the application's changes.

    Through the application's own (synchronous) signal: a widget with a style sheet is
    not told of a new application palette, and an action is no widget at all."""
    if callback not in _followers:
        QApplication.instance().paletteChanged.connect(callback)
        _followers.append(callback)


def styled(widget: QWidget, template: str) -> None:
    """Give ``widget`` the style sheet ``template`` with its ``{role}`` fields filled from
    the theme ('color: {muted};'), now and again whenever the palette changes; '' clears it."""
    when_palette_changes(_restyle_all)
    widget.setProperty(_TEMPLATE, template)
    _restyle(widget, asdict(current()))


def tint(widget: QWidget, role: str) -> None:
    """Colour ``widget``'s text in the theme's ``role`` ('muted', 'error', 'warning'), and
    keep it so across palette changes."""
    styled(widget, f"color: {{{role}}};")


def _restyle_all(palette: QPalette) -> None:
    colors = asdict(for_palette(palette))
    for widget in QApplication.allWidgets():
        _restyle(widget, colors)


def _restyle(widget: QWidget, colors: dict) -> None:
    template = widget.property(_TEMPLATE)
    if template is None:
        return
    sheet = template.format_map(colors)
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)

"""Every text colour of the window reads at 4.5:1 on its background, in the light and a
dark palette, and every colour in a style sheet comes from the theme and follows it."""

from __future__ import annotations

import pytest
from palettes import dark_palette
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from style_helpers import style_problems

from bilateral.desktop.common import icons, theme
from bilateral.desktop.records.record_dialog import RecordDialog
from bilateral.desktop.shell.actions import ActionId
from bilateral.desktop.shell.app import follow_system_palette

GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
THEME_TEXT = ("text", "muted", "error", "warning", "denies", "confirms")


def _low_roles(palette: QPalette) -> dict[str, float]:
    low = {}
    for group in GROUPS:
        for fg, bg in theme.TEXT_PAIRS:
            ratio = theme.contrast(palette.color(group, fg), palette.color(group, bg))
            if ratio < theme.TEXT_CONTRAST:
                low[f"{group.name} {fg.name} on {bg.name}"] = round(ratio, 2)
    return low


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_text_role_of_the_palette_reads_on_its_background(palettes, name):
    assert _low_roles(theme.amended(palettes[name])) == {}


def test_the_palettes_as_given_do_not_all_read_which_is_what_amending_is_for(qapp):
    # Fusion's white on its light blue selection (3.7:1) and its half-black placeholder
    # (4.0:1); a dark palette that keeps Fusion's blue links (2.2:1 on near black).
    fusion = qapp.style().standardPalette()
    dark = dark_palette(fusion)
    assert "Active HighlightedText on Highlight" in _low_roles(fusion)
    assert "Active PlaceholderText on Base" in _low_roles(fusion)
    assert "Active Link on Base" in _low_roles(dark)
    assert _low_roles(theme.amended(fusion)) == _low_roles(theme.amended(dark)) == {}


def test_amending_changes_only_the_roles_that_did_not_read(palettes):
    given, amended = palettes["dark"], theme.amended(palettes["dark"])
    role = QPalette.ColorRole
    for kept in (role.Window, role.WindowText, role.Base, role.Text, role.Button, role.ButtonText):
        assert amended.color(kept) == given.color(kept), kept.name
    assert amended.color(role.Link) != given.color(role.Link)
    # White stays the selection's text; the selection darkens under it instead.
    assert amended.color(role.HighlightedText) == QColor("#ffffff")


def test_the_application_starts_in_a_palette_where_every_text_reads(qapp, palettes):
    try:
        follow_system_palette(qapp)
        assert _low_roles(QApplication.palette()) == {}
    finally:
        QApplication.setPalette(palettes["light"])


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_theme_text_colour_reads_where_it_is_shown(palettes, name):
    palette = theme.amended(palettes[name])
    colors = theme.for_palette(palette)
    pairs = [(role, bg) for role in THEME_TEXT for bg in ("background", "window")]
    pairs += [("text", "chip"), ("text", "invalid"), ("tip_text", "tip_background")]
    low = {
        f"{fg} on {bg}": round(ratio, 2)
        for fg, bg in pairs
        if (ratio := theme.contrast(getattr(colors, fg), getattr(colors, bg))) < 4.5
    }
    assert low == {}
    # Icons and a chip's border are marks, not text: 3:1 (WCAG 1.4.11).
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Button, QPalette.ColorRole.Base):
        assert theme.contrast(colors.icon, palette.color(role)) >= theme.MARK_CONTRAST
    assert theme.contrast(colors.chip_border, colors.chip) >= theme.MARK_CONTRAST


def test_the_record_dialog_s_colours_follow_a_switch_to_dark(window, qtbot, switch_palette):
    dialog = RecordDialog([], None, window)
    qtbot.addWidget(dialog)
    dialog.form.sectors.set_tags(["energy", "health"])
    dialog.form.problem_labels["title"].setText("A title is needed")
    light_chip = theme.current().chip
    switch_palette("dark")
    chips = [w for w in dialog.findChildren(QWidget) if "border-radius" in w.styleSheet()]
    assert len(chips) == 2
    assert all(theme.current().chip in c.styleSheet() for c in chips)
    assert light_chip != theme.current().chip
    assert style_problems(dialog) == []


def test_a_date_not_understood_is_marked_in_the_theme_s_colours(window, switch_palette):
    window.filter_bar.since.setText("2023-13")
    window.filter_bar.apply()
    sheet = window.filter_bar.since.styleSheet()
    assert theme.current().invalid in sheet
    switch_palette("dark")
    assert window.filter_bar.since.styleSheet() != sheet
    assert theme.current().invalid in window.filter_bar.since.styleSheet()
    assert style_problems(window) == []


def test_the_icons_are_drawn_again_in_a_dark_palette(window, switch_palette):
    def ink() -> QColor:
        """The colour of the opaque strokes of the Open icon, as the toolbar shows it."""
        image = window.action_map[ActionId.OPEN_DATABASE].icon().pixmap(24, 24).toImage()
        pixels = (image.pixelColor(x, y) for x in range(24) for y in range(24))
        return next(p for p in pixels if p.alpha() == 255)

    light = ink()
    switch_palette("dark")
    dark = ink()
    background = QApplication.palette().color(QPalette.ColorRole.Window)
    assert light.name() == icons.DRAWN_IN
    assert dark.name() == theme.current().icon != icons.DRAWN_IN
    assert theme.contrast(dark, background) >= theme.MARK_CONTRAST

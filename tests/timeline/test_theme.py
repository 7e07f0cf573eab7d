"""The timeline in the palette's colours: a dark theme gives dark plots, text meets WCAG AA."""

from __future__ import annotations

import pytest

from bilateral.desktop.common import theme

TEXT_ROLES = ("text", "muted", "error", "warning", "denies", "confirms")


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_text_colour_reads_at_4_5_to_1_on_its_background(palettes, name):
    palette = palettes[name]
    colors = theme.for_palette(palette)
    assert colors.dark == (name == "dark")
    low = {
        role: round(theme.contrast(getattr(colors, role), colors.background), 2)
        for role in TEXT_ROLES
        if theme.contrast(getattr(colors, role), colors.background) < theme.TEXT_CONTRAST
    }
    assert low == {}
    assert theme.contrast(colors.tip_text, colors.tip_background) >= theme.TEXT_CONTRAST
    # Money lines are marks: 3:1 (WCAG 1.4.11), each of them.
    assert all(theme.contrast(c, colors.background) >= theme.MARK_CONTRAST for c in colors.flows)
    assert len(colors.flows) >= 5


def test_a_kind_colour_as_text_is_made_readable_on_either_background():
    for background in ("#ffffff", "#1e1e1e"):
        for kind in ("#ddcc77", "#0072b2", "#cc3311"):  # sand, blue, red
            assert theme.contrast(theme.readable(kind, background), background) >= 4.5


def test_the_timeline_turns_dark_with_the_palette(panel, redraw, dark):
    colors = theme.current()
    assert colors.dark
    redraw(panel, panel.refresh)
    assert panel.plots.widget.backgroundBrush().color().name() == colors.background == "#1e1e1e"
    axis = panel.plots.money.plot.getAxis("left")
    assert axis.textPen().color().name() == colors.muted
    assert colors.text in panel.plots.activity.plot.titleLabel.text
    line_color = panel.plots.money.colors["CHN → CUB"]
    assert theme.contrast(line_color, colors.background) >= theme.MARK_CONTRAST


def test_a_panel_drawn_light_follows_a_switch_to_dark(panel, qtbot, switch_palette):
    light = panel.plots.widget.backgroundBrush().color().name()
    with qtbot.waitSignal(panel.drawn, timeout=5000):
        switch_palette("dark")
    assert light != "#1e1e1e"
    assert panel.plots.widget.backgroundBrush().color().name() == "#1e1e1e"
    assert panel.plots.money.colors["CHN → CUB"] == theme.current().text

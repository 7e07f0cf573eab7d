"""The detail pane's text colours come from the palette and read at 4.5:1 in light and dark."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QPalette

from bilateral.desktop.common import theme
from bilateral.desktop.records import detail


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_class_of_the_pane_reads_at_4_5_to_1_on_its_base(palettes, name):
    palette = palettes[name]
    css = detail.style(theme.for_palette(palette))
    colors = dict(re.findall(r"\.(\w+) \{ color: (#[0-9a-f]{6});", css))
    base = palette.color(QPalette.ColorRole.Base)
    ratios = {cls: round(theme.contrast(color, base), 2) for cls, color in colors.items()}
    assert set(ratios) == set(detail.CLASS_COLORS)
    assert {cls: r for cls, r in ratios.items() if r < 4.5} == {}


def test_a_switch_to_dark_restyles_the_record_shown(qtbot, seeded_db, palettes, switch_palette):
    from bilateral.db.records import record_by_uid

    pane = detail.DetailPane()
    qtbot.addWidget(pane)
    uid = seeded_db.execute("SELECT uid FROM records LIMIT 1").fetchone()[0]
    pane.show_record(record_by_uid(seeded_db, uid), "#0072b2")
    light = pane.document().defaultStyleSheet()
    switch_palette("dark")
    qtbot.waitUntil(lambda: pane.document().defaultStyleSheet() != light)
    dark = pane.document().defaultStyleSheet()
    assert theme.for_palette(palettes["dark"]).muted in dark
    assert pane.record is not None and pane.record.uid == uid

"""The money view: cumulative counted USD per flow, with the record behind each step on hover."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from bilateral.db.query import Filter
from bilateral.db.records import Record, add_record
from bilateral.db.store import open_database


def test_money_line_ends_at_100_million_usd_for_chn_to_cub(panel, redraw):
    redraw(panel, panel.set_filter, Filter(pair="CHN-CUB"))
    _, y = panel.plots.money.series()["CHN → CUB"]
    assert y[-1] == 100_000_000


def test_uncounted_money_leaves_the_line_unchanged(panel, redraw, seeded_path):
    db = open_database(seeded_path)
    pledge = Record("CHN", "CUB", "loan", "2023-02", "A pledged loan", amount_usd=5e8)
    pledge.status, pledge.usd_basis = "pledged", "user"
    add_record(db, pledge)
    db.close()
    redraw(panel, panel.refresh)
    _, y = panel.plots.money.series()["CHN → CUB"]
    assert y[-1] == 100_000_000


def test_hovering_a_step_names_the_record_behind_it(panel):
    point = panel.plots.money.first_point()
    scene_pos = panel.plots.money.plot.vb.mapViewToScene(QPointF(point.x, point.total))
    text = panel.plots.hover_text(scene_pos)
    assert "donation to Cuba is formalised" in text and "+100,000,000 USD" in text

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


def test_the_log_scale_keeps_a_small_sum_visible_beside_a_large_one(panel, redraw, seeded_path):
    db = open_database(seeded_path)
    add_record(
        db,
        Record("CUB", "CHN", "trade", "2023-05", "Cuban exports", amount_usd=2e5, usd_basis="user"),
    )
    add_record(
        db,
        Record("CHN", "CUB", "loan", "2024-01", "A large loan", amount_usd=5e10, usd_basis="user"),
    )
    db.close()
    redraw(panel, panel.refresh)
    money = panel.plots.money
    assert set(money.series()) == {"CHN → CUB", "CUB → CHN"}  # each direction its own line
    panel.toolbar.money_log.setChecked(True)
    low, high = money.plot.vb.viewRange()[1]
    small = money.drawn_y(2e5)
    # The small sum sits well above the bottom: over a tenth of the height on the log scale.
    assert (small - low) / (high - low) > 0.1
    assert "log scale" in money.plot.titleLabel.text
    axis = money.plot.getAxis("left")
    assert axis.logMode and axis.tickStrings([8.0, 8.5], 1, 1) == ["100 M", ""]
    point = money.first_point()
    scene = money.plot.vb.mapViewToScene(QPointF(point.x, money.drawn_y(point.total)))
    assert "+" in panel.plots.hover_text(scene)
    panel.toolbar.money_log.setChecked(False)
    assert money.plot.vb.viewRange()[1][0] == 0

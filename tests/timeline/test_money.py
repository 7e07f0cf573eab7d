"""The money view: cumulative counted USD per flow, with the record behind each step on hover."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from bilateral.db.query import Filter
from bilateral.db.records import Record, add_record
from bilateral.db.store import open_database
from bilateral.desktop.timeline.money import Point


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


def test_money_per_period_sums_each_period_and_names_it(panel, redraw, seeded_path):
    db = open_database(seeded_path)
    for date, amount in (("2023-05", 2e6), ("2023-05-20", 3e6), ("2024-02", 7e6)):
        add_record(
            db,
            Record("CHN", "CUB", "aid", date, f"Aid {date}", amount_usd=amount, usd_basis="user"),
        )
    db.close()
    redraw(panel, panel.refresh)
    money = panel.plots.money
    redraw(panel, panel.set_period, "month")
    panel.toolbar.money_per_period.setChecked(True)
    assert money.period == "month"
    assert "USD per month" in money.plot.titleLabel.text
    steps = {s.date: s for f in money.flows if f.name == "CHN → CUB" for s in f.steps}
    # The seed's donation (2023-01), then May's two records summed, then 2024-02.
    assert {d: s.usd for d, s in steps.items()} == {
        "2023-01": 100_000_000,
        "2023-05": 5_000_000,
        "2024-02": 7_000_000,
    }
    _, y = money.series()["CHN → CUB"]
    assert max(y) == 100_000_000 and y[-1] == 0  # each period its own height, not a running total
    may = next(f for f in money.flows if f.name == "CHN → CUB").steps[1]
    # The largest names the period; its title is read when the step is hovered.
    assert may.records == 2 and may.title == ""
    assert "Aid 2023-05-20" in money.describe(Point("CHN → CUB", 0.0, may.usd, may))
    assert "USD in 2023-01" in money.describe(money.first_point())
    panel.toolbar.money_per_period.setChecked(False)
    assert money.period is None and money.series()["CHN → CUB"][1][-1] == 112_000_000


def test_money_known_only_to_the_year_makes_every_bar_a_year(panel, redraw, seeded_path):
    db = open_database(seeded_path)
    add_record(
        db, Record("CHN", "CUB", "aid", "2024", "Aid in 2024", amount_usd=4e6, usd_basis="user")
    )
    db.close()
    redraw(panel, panel.refresh)
    redraw(panel, panel.set_period, "month")
    panel.set_money_per_period(True)
    money = panel.plots.money
    # Never 4 M in January 2024 when the year is all that is known.
    assert money.period == "year"
    assert {s.date: s.usd for f in money.flows for s in f.steps} == {
        "2023": 100_000_000,
        "2024": 4_000_000,
    }
    assert "USD per year" in money.plot.titleLabel.text

"""The activity view: stacked bars per period, equal to the summary, coloured by kind."""

from __future__ import annotations

import datetime

from bilateral.db.query import Filter
from bilateral.db.records import list_kinds
from bilateral.db.summary import summarize
from bilateral.desktop.timeline import periods


def _drawn_counts(panel) -> dict[tuple[str, str], int]:
    return {(b.period, b.kind): b.records for b in panel.plots.activity.bars}


def test_yearly_bars_for_chn_cub_equal_the_summary(panel, redraw, seeded_db):
    redraw(panel, panel.set_filter, Filter(pair="CHN-CUB"))
    redraw(panel, panel.set_period, "year")
    expected: dict[tuple[str, str], int] = {}
    for r in summarize(seeded_db, "year", Filter(pair="CHN-CUB")):
        expected[r.period, r.kind] = expected.get((r.period, r.kind), 0) + r.records
    assert _drawn_counts(panel) == {key: n for key, n in expected.items() if n}


def test_bars_of_one_period_stack_without_overlap(panel, redraw):
    redraw(panel, panel.set_period, "year")
    bars = [b for b in panel.plots.activity.bars if b.period == "2023"]
    bars.sort(key=lambda b: b.y0)
    tops = [b.y0 + b.height for b in bars]
    assert [b.y0 for b in bars[1:]] == tops[:-1] and bars[0].y0 == 0


def test_period_follows_the_zoom(panel, redraw):
    start = periods.timestamp(datetime.date(2023, 10, 1))
    redraw(panel, panel.plots.set_x_range, start, start + 40 * periods.DAY)
    assert panel.plots.activity.period == "day"


def test_zooming_out_far_counts_per_year(panel, redraw):
    start = periods.timestamp(datetime.date(1990, 1, 1))
    redraw(panel, panel.plots.set_x_range, start, start + 30 * 365 * periods.DAY)
    assert panel.plots.activity.period == "year"


def test_a_year_record_stays_a_pale_year_bar_between_month_bars(panel, redraw):
    redraw(panel, panel.set_period, "month")
    coarse = [b for b in panel.plots.activity.bars if b.coarse]
    # The two security records known to the year are claims: drawn as claims on
    # their lanes, not counted as activity.
    assert [(b.period, b.kind) for b in coarse] == [("2021", "membership")]


def test_bar_colours_are_the_kind_colours_of_the_database(panel, seeded_db):
    expected = {k.name: k.color for k in list_kinds(seeded_db)}
    assert panel.kind_colors() == expected


def test_comparison_draws_the_first_pair_in_a_band_above_the_second(panel, redraw):
    redraw(panel, panel.set_comparison, ["CHN-CUB", "BLR-CUB"])
    bars = panel.plots.activity.bars
    chn_bottom = min(b.y0 for b in bars if b.pair == "CHN-CUB")
    blr_top = max(b.y0 + b.height for b in bars if b.pair == "BLR-CUB")
    assert chn_bottom > blr_top

"""Compared pairs: one shared count scale by default, own scales on request, named lanes."""

from __future__ import annotations

from bilateral.db.query import Filter


def _lane_top(panel, pair: str) -> float:
    """The highest bar of ``pair`` measured from its lane's bottom, in lane heights."""
    activity = panel.plots.activity
    bottom = {p: y for p, y, _ in activity._bands}[pair]
    return max(b.y0 + b.height for b in activity.bars if b.pair == pair) - bottom


def test_compared_pairs_share_the_scale_of_the_tallest_lane(panel, redraw):
    redraw(panel, panel.set_period, "year")
    redraw(panel, panel.set_comparison, ["CHN-CUB", "BLR-CUB"])
    activity = panel.plots.activity
    tallest = {}
    for bar in activity.bars:
        key = (bar.pair, bar.period)
        tallest[key] = tallest.get(key, 0) + bar.records
    chn = max(n for (p, _), n in tallest.items() if p == "CHN-CUB")
    blr = max(n for (p, _), n in tallest.items() if p == "BLR-CUB")
    assert chn > blr
    assert activity.lane_tops() == {"CHN-CUB": chn, "BLR-CUB": chn}
    assert abs(_lane_top(panel, "CHN-CUB") - 1) < 1e-9
    assert abs(_lane_top(panel, "BLR-CUB") - blr / chn) < 1e-9
    assert not panel.toolbar.own_scale.isChecked()


def test_own_scale_per_pair_fills_each_lane(panel, redraw):
    redraw(panel, panel.set_period, "year")
    redraw(panel, panel.set_comparison, ["CHN-CUB", "BLR-CUB"])
    redraw(panel, panel.toolbar.own_scale.setChecked, True)
    tops = panel.plots.activity.lane_tops()
    assert tops["CHN-CUB"] > tops["BLR-CUB"]
    assert abs(_lane_top(panel, "BLR-CUB") - 1) < 1e-9
    redraw(panel, panel.toolbar.own_scale.setChecked, False)
    assert len(set(panel.plots.activity.lane_tops().values())) == 1


def test_each_lane_is_named_after_its_pair_and_hover_names_it(panel, redraw):
    redraw(panel, panel.set_comparison, ["CHN-CUB", "BLR-CUB"])
    activity = panel.plots.activity
    assert activity.lane_names() == [("China – Cuba", True), ("Belarus – Cuba", True)]
    bottom = {p: y for p, y, _ in activity._bands}["BLR-CUB"]
    # Above every Belarus bar on the shared scale, the hover still names the lane.
    assert activity.describe_at(0, bottom + 0.999).startswith("Belarus – Cuba")


def test_compared_lanes_have_whole_number_ticks_only(panel, redraw):
    redraw(panel, panel.set_comparison, ["CHN-CUB", "BLR-CUB"])
    redraw(panel, panel.toolbar.own_scale.setChecked, True)
    ticks = panel.plots.activity.plot.getAxis("left")._tickLevels[0]
    assert ticks and all(text.isdigit() for _, text in ticks)


def test_the_count_axis_shows_whole_numbers_only(panel, redraw):
    redraw(panel, panel.set_filter, Filter(pair="BLR-CUB"))
    axis = panel.plots.activity.plot.getAxis("left")
    for top in (1.0, 2.0, 3.0, 7.0, 250.0):
        for _, values in axis.tickValues(0, top, 200):
            assert values and all(v == int(v) for v in values)
        assert all("." not in t for t in axis.tickStrings([0.0, 1.0, 2.0], 1, 1))


def test_export_suggests_a_name_from_the_pair_and_years(panel, redraw):
    redraw(panel, panel.set_filter, Filter(pair="CHN-CUB"))
    name = panel.suggested_file_name()
    assert name.startswith("china-cuba-") and name.endswith(".png")
    first, last = name.removeprefix("china-cuba-").removesuffix(".png").split("-")
    assert first.isdigit() and last.isdigit() and int(first) < int(last)
    assert panel.toolbar.suggest_name() == name

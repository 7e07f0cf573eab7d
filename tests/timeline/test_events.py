"""The events view: markers, spans and bands on kind lanes; clicks, hover and highlight."""

from __future__ import annotations

import datetime

import numpy as np
from PySide6.QtCore import QPoint, Qt

from bilateral.db.query import Filter
from bilateral.db.records import Record, add_record
from bilateral.db.store import open_database
from bilateral.desktop.timeline import periods
from bilateral.desktop.timeline.counts import TICK_PIXELS
from bilateral.desktop.timeline.events import LANE_NAME_PIXELS

BRI = "seed-chn-cub-bri-membership"
DONATION = "seed-chn-cub-donation-2022"
DIAZ_CANEL = "seed-chn-cub-diaz-canel-visit-2022"
LI_QIANG = "seed-chn-cub-li-qiang-meeting-2023"


def _shape(panel, record_id):
    events = panel.plots.events
    return next(s for r, s in zip(events.rows, events.shapes, strict=True) if r.id == record_id)


def _widget_point(panel, record_id) -> QPoint:
    scene_pos = panel.plots.scene_pos(record_id)
    return panel.plots.widget.mapFromScene(scene_pos)


def _spans_drawn(panel) -> set[tuple[float, float]]:
    opts = panel.plots.events._spans.opts
    return set(zip(np.asarray(opts["x0"]).tolist(), np.asarray(opts["x1"]).tolist(), strict=True))


def test_bri_membership_is_a_band_from_2021_to_today(panel, uid_id):
    start = periods.timestamp(datetime.date(2021, 1, 1))
    end = periods.timestamp(periods.today()) + periods.DAY
    assert _shape(panel, uid_id(BRI)) == (start, end, "duration")
    assert (start, end) in _spans_drawn(panel)


def test_month_precision_record_is_a_span_over_its_month(panel, uid_id):
    november = periods.timestamp(datetime.date(2022, 11, 1))
    december = periods.timestamp(datetime.date(2022, 12, 1))
    assert _shape(panel, uid_id(DONATION)) == (november, december, "span")
    # Drawn over its month, widened about its middle when a month is only a few pixels.
    middle = (november + december) / 2
    assert any(
        a <= november and b >= december and abs((a + b) / 2 - middle) < 1
        for a, b in _spans_drawn(panel)
    )


def test_day_precision_record_is_a_marker(panel, uid_id):
    assert panel.plots.events.position(uid_id(DIAZ_CANEL)) is not None
    xs, _ = panel.plots.events._markers.getData()
    day = periods.timestamp(datetime.date(2022, 11, 25))
    assert day + periods.DAY / 2 in xs.tolist()


def test_clicking_a_marker_emits_record_activated_with_its_id(panel, qtbot, uid_id):
    record_id = uid_id(DIAZ_CANEL)
    point = _widget_point(panel, record_id)
    with qtbot.waitSignal(panel.recordActivated, timeout=2000) as signal:
        qtbot.mouseClick(panel.plots.widget.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == [record_id]


def test_highlight_record_rings_its_marker(panel, uid_id):
    record_id = uid_id(DIAZ_CANEL)
    panel.highlight_record(record_id)
    x, y = panel.plots.events.position(record_id)
    xs, ys = panel.plots.events._ring.getData()
    assert (xs.tolist(), ys.tolist()) == ([x], [y])


def test_highlight_record_brings_it_into_view(panel, redraw, uid_id):
    start = periods.timestamp(datetime.date(2021, 1, 1))
    redraw(panel, panel.plots.set_x_range, start, start + 90 * periods.DAY)
    record_id = uid_id(LI_QIANG)
    redraw(panel, panel.highlight_record, record_id)
    x0, x1 = panel.plots.x_range()
    assert x0 < periods.timestamp(datetime.date(2023, 11, 4)) < x1
    assert len(panel.plots.events._ring.getData()[0]) == 1


def test_hover_shows_date_kind_and_title(panel, uid_id):
    scene_pos = panel.plots.scene_pos(uid_id(DIAZ_CANEL))
    text = panel.plots.hover_text(scene_pos)
    assert text.splitlines()[0] == "2022-11-25"
    assert "visit" in text and "Díaz-Canel meets Xi Jinping in Beijing" in text


def test_html_in_a_title_is_shown_literally_on_hover(panel, redraw, seeded_path):
    title = "<b>x</b><img src=y>"
    db = open_database(seeded_path)
    record_id = add_record(db, Record("CHN", "CUB", "visit", "2022-03-15", title))
    db.close()
    redraw(panel, panel.refresh)
    panel.plots.hover_text(panel.plots.scene_pos(record_id))
    shown = panel.plots.tips[panel.plots.events].item.textItem
    assert title in shown.toPlainText()


def test_events_beyond_the_cap_are_left_out_with_a_note(panel, redraw):
    panel.event_limit = 5
    redraw(panel, panel.refresh)
    assert len(panel.plots.events.rows) == 5
    assert "5 of 19 shown" in panel.plots.events.plot.titleLabel.text


def test_only_kinds_in_the_filter_get_a_lane(panel, redraw):
    redraw(panel, panel.set_filter, Filter(kinds=["aid", "visit"]))
    assert panel.plots.events.lanes == ["visit", "aid"]


def test_month_and_year_spans_stay_visible_when_zoomed_far_out(panel, redraw):
    import datetime

    from bilateral.desktop.timeline import events as events_module
    from bilateral.desktop.timeline import periods

    start = periods.timestamp(datetime.date(1800, 1, 1))
    redraw(panel, panel.plots.set_x_range, start, start + 230 * 365 * periods.DAY)
    view = panel.plots.events
    pixel = view.plot.vb.viewPixelSize()[0]
    x0, x1 = view.span_edges
    assert len(x0) and ((x1 - x0) / pixel >= events_module.MIN_SPAN_PIXELS - 1e-6).all()
    rough = [r for r, s in zip(view.rows, view.shapes, strict=True) if s.how == "span"]
    month = next(r for r in rough if len(r.date) == 7)
    assert f"known to the month: {month.date}" in events_module.describe(month)


def test_lane_names_never_overprint_on_a_short_panel(panel, qtbot):
    events = panel.plots.events
    assert events.named_lanes == events.lanes  # 1200×600: every lane named
    panel.resize(1000, 260)
    qtbot.waitUntil(lambda: events.named_lanes != events.lanes)
    lanes, named = events.lanes, events.named_lanes
    assert 1 <= len(named) < len(lanes)
    pixels = events.plot.vb.height() / len(lanes)
    step = lanes.index(named[1]) - lanes.index(named[0])
    assert step * pixels >= LANE_NAME_PIXELS
    panel.resize(1200, 800)
    qtbot.waitUntil(lambda: events.named_lanes == events.lanes)


def test_axis_labels_stay_a_line_apart_on_a_short_plot(panel, qtbot):
    panel.resize(1000, 260)
    qtbot.waitUntil(lambda: panel.plots.money.plot.vb.height() < 80)
    axis = panel.plots.money.plot.getAxis("left")
    low, high = panel.plots.money.plot.vb.viewRange()[1]
    size = panel.plots.money.plot.vb.height()
    for spacing, values in axis.tickValues(low, high, size):
        assert spacing * size / (high - low) >= TICK_PIXELS
        assert values

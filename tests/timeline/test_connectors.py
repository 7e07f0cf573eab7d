"""Links on the events view: connectors by relation, a fulfils chain as one bar, claims marked."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from bilateral.db.query import Filter
from bilateral.db.store import open_database
from bilateral.desktop.common import theme
from bilateral.desktop.timeline import TimelinePanel, periods
from bilateral.desktop.timeline.connectors import RELATION_STYLES
from timeline.conftest import (
    DENIALS,
    DONATION,
    FORMALISED,
    LI_QIANG,
    SPY_BASE,
    WHITE_HOUSE,
    edit_record,
)

XI_STATEMENT = "seed-chn-cub-xi-statement-2023"


def _day(year: int, month: int, day: int = 1) -> float:
    return periods.timestamp(datetime.date(year, month, day))


@pytest.fixture
def linked_panel(qtbot, seeded_path, redraw):
    """The panel on CHN-CUB with links, showing October 2022 to December 2023."""
    widget = TimelinePanel(seeded_path)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    with qtbot.waitSignal(widget.drawn, timeout=5000):
        widget.show()
    redraw(widget, widget.set_filter, Filter(pair="CHN-CUB"))
    redraw(widget, widget.plots.set_x_range, _day(2022, 10), _day(2023, 12, 20))
    return widget


def _connector(panel, source_id):
    return next(k for k in panel.plots.connectors.links if k.source_id == source_id)


def test_each_link_with_both_ends_drawn_is_one_connector(linked_panel):
    # The seed: the donation's two stages, two denials and the White House's answer
    # to the spy-base report, Wang Wenbin's answer to the tour, and six parts.
    assert linked_panel.plots.connectors.counts() == {
        "fulfils": 1,
        "denies": 2,
        "responds-to": 2,
        "part-of": 6,
    }


def test_connectors_are_styled_by_relation(linked_panel):
    curves = linked_panel.plots.connectors._curves
    assert curves["denies"].opts["pen"].color().name() == theme.current().denies
    assert curves["denies"].opts["pen"].style() == Qt.PenStyle.DashLine
    assert curves["confirms"].opts["pen"].color().name() == theme.current().confirms
    assert curves["responds-to"].opts["pen"].style() == Qt.PenStyle.DotLine
    assert curves["fulfils"].opts["pen"].style() == Qt.PenStyle.SolidLine
    assert set(curves) == set(RELATION_STYLES)


def test_a_connector_runs_from_one_marker_to_the_other(linked_panel, uid_id):
    xs, ys = linked_panel.plots.connectors._curves["fulfils"].getData()
    events = linked_panel.plots.events
    start, end = events.position(uid_id(FORMALISED)), events.position(uid_id(DONATION))
    # Two segments, start -> apex and apex -> end; one lane, so the apex rises over it.
    assert (xs[0], ys[0]) == pytest.approx(start)
    assert (xs[-1], ys[-1]) == pytest.approx(end)
    assert ys[1] > start[1]


def test_connectors_to_records_out_of_view_are_not_drawn(linked_panel, redraw):
    panel = linked_panel
    redraw(panel, panel.plots.set_x_range, _day(2023, 5), _day(2023, 12))
    assert panel.plots.connectors.counts() == {"denies": 2, "responds-to": 2, "part-of": 6}


def test_two_responses_with_the_same_ends_fan_out(linked_panel):
    # China's and Cuba's denials: both from June 2023 to the report of June 2023.
    xs, ys = linked_panel.plots.connectors._curves["denies"].getData()
    assert xs[0] == xs[4]  # both start on the same month span
    assert xs[1] != xs[5]  # but bend apart


def test_a_chain_is_one_bar_from_the_pledge_to_the_final_stage(linked_panel):
    chains = linked_panel.plots.chains
    assert [c.uids for c in chains.chains] == [(DONATION, FORMALISED)]
    assert chains.extents() == [(_day(2022, 11), _day(2023, 2))]
    assert chains.labels() == ["$100 M"]


def test_the_chain_bar_lies_on_its_final_stage_lane(linked_panel):
    aid = linked_panel.plots.events.lane("aid")
    (y,) = linked_panel.plots.chains._y
    assert aid - 0.5 < y < aid


def test_a_claim_marker_is_hollow(linked_panel, redraw, uid_id, seeded_path):
    db = open_database(seeded_path)
    edit_record(db, XI_STATEMENT, claim_status="claimed", claimed_by="Unnamed reports")
    db.close()
    redraw(linked_panel, linked_panel.refresh)
    markers = linked_panel.plots.events._markers
    ids = list(markers.data["data"])
    claim, fact = ids.index(uid_id(XI_STATEMENT)), ids.index(uid_id(LI_QIANG))
    assert markers.data["brush"][claim].color().name() == "#ffffff"
    assert markers.data["brush"][fact].color().name() != "#ffffff"


def test_a_claim_span_is_hatched_and_a_fact_span_is_not(linked_panel, uid_id):
    events = linked_panel.plots.events
    brushes = events._spans.opts["brushes"]
    spans = [r.id for r, s in zip(events.rows, events.shapes, strict=True) if s.how != "marker"]
    assert brushes[spans.index(uid_id(SPY_BASE))].style() == Qt.BrushStyle.BDiagPattern
    assert brushes[spans.index(uid_id(DENIALS))].style() == Qt.BrushStyle.SolidPattern


def test_a_denied_claim_is_grey(linked_panel, redraw, uid_id, seeded_path):

    db = open_database(seeded_path)
    edit_record(db, WHITE_HOUSE, claim_status="denied")
    db.close()
    redraw(linked_panel, linked_panel.refresh)
    events = linked_panel.plots.events
    spans = [r.id for r, s in zip(events.rows, events.shapes, strict=True) if s.how != "marker"]
    brush = events._spans.opts["brushes"][spans.index(uid_id(WHITE_HOUSE))]
    assert brush.color().name() == "#b0b0b0"


def test_the_legend_has_a_claim_entry(linked_panel):
    assert "claim" in linked_panel.plots.events.plot.titleLabel.text


def _scene(panel, x, y):
    return panel.plots.events.plot.vb.mapViewToScene(QPointF(x, y))


def test_hovering_a_claim_says_its_status_and_who_claims(linked_panel, uid_id):
    x, y = linked_panel.plots.events.position(uid_id(SPY_BASE))
    text = linked_panel.plots.hover_text(_scene(linked_panel, x, y))
    assert "claimed by The Wall Street Journal" in text


def test_hovering_a_connector_says_its_relation(linked_panel, uid_id):
    xs, ys = linked_panel.plots.connectors._curves["denies"].getData()
    x, y = (xs[0] + xs[1]) / 2, (ys[0] + ys[1]) / 2  # halfway to the apex, between lanes
    text = linked_panel.plots.hover_text(_scene(linked_panel, x, y))
    assert text.splitlines()[1] == "denies"
    assert "denies the spy base report" in text


def test_hovering_the_chain_bar_says_where_its_money_counts(linked_panel):
    chains = linked_panel.plots.chains
    (x0, x1), y = chains.extents()[0], chains._y[0] + 0.04
    text = linked_panel.plots.hover_text(_scene(linked_panel, (x0 + x1) / 2, y))
    assert "$100 M counted once, at signed (2023-01)" in text


def test_no_links_no_connectors(panel, redraw):
    redraw(panel, panel.set_filter, Filter(pair="BLR-CUB"))
    assert panel.plots.connectors.links == []
    assert panel.plots.chains.chains == []
    assert np.asarray(panel.plots.connectors._curves["part-of"].getData()[0]).size == 0


def test_a_chain_out_of_view_has_no_label(linked_panel, redraw):
    redraw(linked_panel, linked_panel.plots.set_x_range, _day(2023, 5), _day(2023, 12))
    assert linked_panel.plots.chains.labels() == []


def test_hovering_a_claim_lists_its_responses(linked_panel, uid_id):
    x, y = linked_panel.plots.events.position(uid_id(SPY_BASE))
    lines = linked_panel.plots.hover_text(_scene(linked_panel, x, y)).splitlines()
    assert "denied by: China denies the spy base report" in lines
    assert "answered by: White House: a Chinese spy base has been in Cuba since 2019" in lines

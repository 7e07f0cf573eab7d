"""Membership bands: membership records drawn behind the bars, labelled with names and role."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QPointF

from bilateral.db import memberships, parties
from bilateral.db.model import Record
from bilateral.db.query import Filter
from bilateral.db.records import add_record
from bilateral.db.store import open_database
from bilateral.desktop.timeline import TimelinePanel, periods
from bilateral.desktop.timeline.memberships import BAND_Z, LABEL_Z

CUBA_BRICS = "Cuba in BRICS (partner) since 2025-01-01"
BRI = "Cuba joins the Belt and Road Initiative (since 2021)"


def _add(db, actor: str, partner: str, date: str, title: str, **more) -> int:
    return add_record(db, Record(actor, partner, "membership", date, title, **more))


@pytest.fixture
def bands_path(seeded_path):
    """The seed (with its Belt and Road membership) plus Cuba joining BRICS as a partner."""
    db = open_database(seeded_path)
    _add(
        db, "CUB", "BRICS", "2025-01-01", "Cuba becomes a BRICS partner country", status="in force"
    )
    db.close()
    return seeded_path


@pytest.fixture
def bands_db(bands_path):
    db = open_database(bands_path)
    yield db
    db.close()


def test_a_cuba_brics_record_is_a_band_with_the_partner_role(bands_db):
    found = memberships.bands(bands_db, Filter(pair="CUB-BRICS", parties=parties.table(bands_db)))
    assert found.total == 1
    (band,) = found.bands
    assert (band.member, band.party, band.role) == ("CUB", "BRICS", "partner")
    assert band.start == datetime.date(2025, 1, 1) and band.end is None
    assert band.label == CUBA_BRICS


def test_a_band_ends_on_the_last_day_of_its_end_date(empty_db):
    _add(empty_db, "VEN", "NDB", "2018-11", "Venezuela joins the NDB", end_date="2023-05")
    (band,) = memberships.bands(empty_db).bands
    assert (band.start, band.end) == (datetime.date(2018, 11, 1), datetime.date(2023, 5, 31))
    assert band.role == "member"
    assert band.label == "Venezuela in New Development Bank 2018-11 – 2023-05"


def test_two_countries_are_labelled_from_the_record_title(bands_db):
    found = memberships.bands(bands_db, Filter(pair="CHN-CUB"))
    assert [b.label for b in found.bands] == [BRI]


def test_a_filter_or_a_lane_keeps_only_its_own_memberships(bands_db):
    assert {b.label for b in memberships.bands(bands_db).bands} == {BRI, CUBA_BRICS}
    lanes = memberships.bands(bands_db, None, ["CHN-CUB", "cub-brics"])
    assert [(b.lane, b.label) for b in lanes.bands] == [("CHN-CUB", BRI), ("BRICS-CUB", CUBA_BRICS)]
    assert memberships.bands(bands_db, Filter(pair="BLR-CUB")).bands == []
    assert memberships.bands(bands_db, Filter(text="Belt")).total == 1


def test_memberships_that_did_not_happen_draw_no_band(empty_db):
    _add(empty_db, "CUB", "BRICS", "2026", "Cuba may join BRICS", status="expected")
    _add(empty_db, "CUB", "SCO", "2024", "Cuba joined the SCO", claim_status="claimed")
    assert memberships.bands(empty_db) == memberships.Bands([], 0)


def test_the_limit_is_honoured_and_the_total_still_counted(empty_db):
    for year in range(2000, 2010):
        _add(empty_db, "CUB", "BRICS", str(year), f"Cuba and BRICS {year}", end_date=str(year))
    found = memberships.bands(empty_db, limit=3)
    assert found.total == 10
    assert [b.start.year for b in found.bands] == [2000, 2001, 2002]


@pytest.fixture
def bands_panel(qtbot, bands_path):
    widget = TimelinePanel(bands_path)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    with qtbot.waitSignal(widget.drawn, timeout=5000):
        widget.show()
    return widget


def test_the_panel_draws_bands_behind_the_bars_with_their_labels(bands_panel):
    view = bands_panel.plots.activity
    bands = view.memberships
    assert bands.item.zValue() < view._fine.zValue() and bands.item.zValue() == BAND_Z
    assert sorted(bands.label_texts()) == sorted([BRI, CUBA_BRICS])
    assert all(label.zValue() == LABEL_Z for label in bands.labels)
    starts = {d.band.label: d.x0 for d in bands.drawn}
    assert starts[CUBA_BRICS] == periods.timestamp(datetime.date(2025, 1, 1))


def test_hovering_over_a_band_names_the_membership(bands_panel):
    plots = bands_panel.plots
    x = periods.timestamp(datetime.date(2025, 6, 1))
    y = plots.activity.plot.vb.viewRange()[1][1] * 0.9
    scene = plots.activity.plot.vb.mapViewToScene(QPointF(x, y))
    assert CUBA_BRICS in plots.hover_text(scene).splitlines()


def test_compared_lanes_have_their_own_bands_and_party_names(bands_panel, redraw):
    redraw(bands_panel, bands_panel.set_comparison, ["CHN-CUB", "CUB-BRICS"])
    view = bands_panel.plots.activity
    names = [name for name, _ in view.lane_names()]
    assert names == ["China – Cuba", "BRICS – Cuba"]
    lanes = {d.band.label: d.lane_y0 for d in view.memberships.drawn}
    bottoms = {view.pair_name(pair): y for pair, y, _ in view._bands}
    assert lanes == {BRI: bottoms["China – Cuba"], CUBA_BRICS: bottoms["BRICS – Cuba"]}
    assert "China – Cuba / BRICS – Cuba" in view.plot.titleLabel.text


def test_many_bands_are_capped_with_a_count_of_the_rest(qtbot, empty_db, db_path):
    for year in range(2000, 2010):
        _add(empty_db, "CUB", "BRICS", str(year), f"Cuba and BRICS {year}", end_date=str(year))
    widget = TimelinePanel(db_path)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    with qtbot.waitSignal(widget.drawn, timeout=5000):
        widget.show()
    bands = widget.plots.activity.memberships
    assert len(bands.drawn) == 10 and len(bands.label_texts()) == 4
    assert bands.more.isVisible() and bands.more.textItem.toPlainText() == "+6 more memberships"


def test_money_legend_and_event_hover_name_the_parties(bands_panel):
    plots = bands_panel.plots
    assert ("China → Cuba", plots.money.colors["CHN → CUB"]) in plots.money.legend()
    assert "China → Cuba" in plots.money.plot.titleLabel.text
    row = next(r for r in plots.events.rows if r.partner == "BRICS")
    x, y = plots.events.position(row.id)
    scene = plots.events.plot.vb.mapViewToScene(QPointF(x, y))
    assert "membership · Cuba → BRICS · in force" in plots.hover_text(scene)

"""The panel as a whole: following the filter, the empty message, export and newest-wins loading."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest
from PySide6.QtGui import QImage

from bilateral.db.query import Filter
from bilateral.desktop.timeline.panel import NO_RECORDS


def test_changing_the_filter_updates_all_three_views(panel, redraw):
    redraw(panel, panel.set_filter, Filter(pair="BLR-CUB"))
    plots = panel.plots
    assert {(b.pair, b.kind, b.records) for b in plots.activity.bars} == {("", "visit", 1)}
    assert [r.title for r in plots.events.rows] == ["Marrero travels on to Belarus"]
    assert plots.money.series() == {}


def test_no_matching_records_shows_a_message_instead_of_axes(panel, redraw):
    redraw(panel, panel.set_filter, Filter(text="nothing-like-this"))
    assert panel.is_empty() and panel.message.text() == NO_RECORDS


def test_an_empty_database_says_no_records_yet_rather_than_blame_the_filter(
    qtbot, empty_db, db_path
):
    from bilateral.desktop.timeline.panel import NO_RECORDS_YET, TimelinePanel

    widget = TimelinePanel(db_path)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.message.text() == NO_RECORDS_YET)
    assert widget.is_empty()


def test_records_matching_again_bring_the_plots_back(panel, redraw):
    redraw(panel, panel.set_filter, Filter(text="nothing-like-this"))
    redraw(panel, panel.set_filter, Filter())
    assert not panel.is_empty()


def test_the_newest_filter_wins_when_filters_follow_quickly(panel, redraw):
    def two_filters():
        panel.set_filter(Filter(pair="CHN-CUB"))
        panel.set_filter(Filter(pair="BLR-CUB"))

    redraw(panel, two_filters)
    assert {r.title for r in panel.plots.events.rows} == {"Marrero travels on to Belarus"}


def test_png_export_writes_an_image(panel, tmp_path):
    path = tmp_path / "timeline.png"
    panel.export_image(path)
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= panel.plots.widget.width()


def test_svg_export_writes_svg_xml(panel, tmp_path):
    path = tmp_path / "timeline.svg"
    panel.export_image(path)
    root = ElementTree.parse(path).getroot()
    assert root.tag.rpartition("}")[2] == "svg" and len(root) > 0


def test_export_refuses_other_formats(panel, tmp_path):
    with pytest.raises(ValueError, match="png or .svg"):
        panel.export_image(tmp_path / "timeline.jpg")


def test_a_filter_that_cannot_be_used_is_explained(panel, redraw):
    redraw(panel, panel.set_filter, Filter(since="2023-13"))
    assert panel.is_empty() and "there is no month 13" in panel.message.text()


def test_pairs_typed_in_the_toolbar_are_compared(panel, redraw, qtbot):
    redraw(panel, panel.set_filter, Filter(pair="CHN-CUB"))
    panel.toolbar.compare.setText("cub-blr")
    redraw(panel, panel.toolbar.compare.editingFinished.emit)
    assert panel.comparison() == ("CHN-CUB", "BLR-CUB")


def test_a_bad_pair_typed_to_compare_says_why(panel):
    panel.toolbar.compare.setText("CHN-XXX")
    panel.toolbar.compare.editingFinished.emit()
    assert "'XXX' is not a country" in panel.toolbar.problem.text() and not panel.comparison()


def test_a_missing_database_is_reported_and_not_created(panel, redraw, tmp_path):
    missing = tmp_path / "gone.db"
    redraw(panel, panel.set_database, missing)
    assert panel.message.text().startswith("The timeline cannot be drawn") and not missing.exists()


def test_an_exported_picture_is_headed_by_the_pair_and_dates(panel, redraw, tmp_path):
    redraw(panel, panel.set_filter, Filter(pair="CHN-CUB"))
    heading = panel.export_title()
    assert heading.startswith("China – Cuba, ") and " to " in heading
    shown = panel.plots.activity.plot.titleLabel.text
    path = tmp_path / "chn-cub.svg"
    panel.export_image(path)
    svg = path.read_text(encoding="utf-8")
    # The heading, the kinds' legend and the money flows are all in the picture.
    assert "China – Cuba" in svg and "statement" in svg and "China → Cuba" in svg
    assert panel.plots.activity.plot.titleLabel.text == shown  # the window's title is back

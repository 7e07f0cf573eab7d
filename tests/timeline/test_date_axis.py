"""The date axis: day ticks name their month and year, month ticks their year; show all reaches today."""

from __future__ import annotations

import datetime

from bilateral.desktop.timeline import periods


def _labels(panel) -> list[list[str]]:
    axis = panel.plots.money.plot.getAxis("bottom")
    x0, x1 = panel.plots.x_range()
    return [
        axis.tickStrings(values, 1, spacing)
        for spacing, values in axis.tickValues(x0, x1, axis.width())
        if values
    ]


def test_day_ticks_show_the_month_and_the_year(panel, redraw):
    start = periods.timestamp(datetime.date(2023, 10, 2))
    redraw(panel, panel.plots.set_x_range, start, start + 30 * periods.DAY)
    days = _labels(panel)[-1]
    assert len(days) >= 3 and all(label.split()[1] == "Oct" for label in days)
    assert days[0].endswith("2023")


def test_month_ticks_show_the_year(panel, redraw):
    start = periods.timestamp(datetime.date(2023, 2, 1))
    redraw(panel, panel.plots.set_x_range, start, start + 200 * periods.DAY)
    levels = _labels(panel)
    assert any("2023" in label for level in levels for label in level)
    assert not any(label.isdigit() and len(label) <= 2 for level in levels for label in level)


def test_day_tick_labels_do_not_collide(panel, redraw):
    start = periods.timestamp(datetime.date(2023, 10, 2))
    redraw(panel, panel.plots.set_x_range, start, start + 30 * periods.DAY)
    axis = panel.plots.money.plot.getAxis("bottom")
    x0, x1 = panel.plots.x_range()
    pixels = axis.width() / (x1 - x0)
    for spacing, values in axis.tickValues(x0, x1, axis.width()):
        widths = [
            axis.fontMetrics.boundingRect(t).width() for t in axis.tickStrings(values, 1, spacing)
        ]
        gaps = [(b - a) * pixels for a, b in zip(values, values[1:], strict=False)]
        assert all(gap > width for gap, width in zip(gaps, widths, strict=False))


def test_show_all_runs_to_today_while_a_record_is_in_force(panel):
    # The seed's Belt and Road membership is in force without an end date.
    assert panel._overview.extent.open_ended
    panel.show_all()  # the panel fitted its range so already; this sets it again
    assert panel.plots.x_range()[1] >= periods.timestamp(periods.today())


def test_a_month_tick_and_a_day_tick_never_print_over_each_other(panel, redraw):
    start = periods.timestamp(datetime.date(2023, 5, 28))
    redraw(panel, panel.plots.set_x_range, start, start + 30 * periods.DAY)
    axis = panel.plots.money.plot.getAxis("bottom")
    x0, x1 = panel.plots.x_range()
    pixels = axis.width() / (x1 - x0)
    ticks = sorted(
        (value, axis.fontMetrics.boundingRect(label).width())
        for spacing, values in axis.tickValues(x0, x1, axis.width())
        for value, label in zip(values, axis.tickStrings(values, 1, spacing), strict=True)
    )
    assert any(label == "Jun 2023" for label in _labels(panel)[0])
    for (a, wa), (b, wb) in zip(ticks, ticks[1:], strict=False):
        assert (b - a) * pixels > (wa + wb) / 2

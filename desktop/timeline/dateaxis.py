"""The shared date axis: day ticks carry their month and year, month ticks their year."""

from __future__ import annotations

import datetime
from collections import OrderedDict

import pyqtgraph as pg
from pyqtgraph.graphicsItems import DateAxisItem as date_axis

DAY = 24 * 3600
# Example labels as wide as the widest tick of each zoom, so pyqtgraph spaces
# the ticks far enough apart that no two labels collide.
YEAR_MONTH = date_axis.ZoomLevel(
    [
        date_axis.TickSpec(date_axis.YEAR_SPACING, date_axis.makeYStepper(1), "%Y", [1, 5, 10, 25]),
        date_axis.TickSpec(date_axis.MONTH_SPACING, date_axis.makeMStepper(1), "%b"),
    ],
    "MMM 0000",
)
MONTH_DAY = date_axis.ZoomLevel(
    [
        date_axis.TickSpec(date_axis.MONTH_SPACING, date_axis.makeMStepper(1), "%b %Y"),
        date_axis.TickSpec(DAY, date_axis.makeSStepper(DAY), "%d %b", [1, 2, 5, 10]),
    ],
    "00 MMM 0000",
)


class DateAxis(pg.DateAxisItem):
    """A UTC date axis whose ticks never leave the month or year to be guessed."""

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        super().__init__(orientation, utcOffset=0, **kwargs)
        # The time axis cannot zoom in below days, so hours never show.
        self.zoomLevels = OrderedDict([(float("inf"), YEAR_MONTH), (5 * DAY, MONTH_DAY)])

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 - pyqtgraph naming
        levels = super().tickValues(minVal, maxVal, size)
        # Only ticks in view, so that the first label (which carries the year) is seen;
        # and no finer tick within a label's width of a coarser one ("Jun 2023" and
        # "2 Jun" would print over each other).
        kept, coarser = [], []
        for spacing, values in levels:
            values = [
                v
                for v in values
                if minVal <= v <= maxVal and all(abs(v - c) >= self.minSpacing for c in coarser)
            ]
            kept.append((spacing, values))
            coarser += values
        return kept

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph naming
        days = [datetime.datetime.fromtimestamp(v, datetime.UTC) for v in values]
        if spacing >= date_axis.YEAR_SPACING:
            return [f"{d.year}" for d in days]
        if spacing >= date_axis.MONTH_SPACING:
            # Months at day zoom say their year; among years, January is the year's tick.
            if self.zoomLevel is MONTH_DAY:
                return [d.strftime("%b %Y") for d in days]
            labels = [d.strftime("%b") for d in days]
            if labels:
                labels[0] += f" {days[0].year}"  # for a view with no January in it
            return labels
        # Days say their month; the first says the year too, for a view inside one month.
        labels = [f"{d.day} {d.strftime('%b')}" for d in days]
        if labels:
            labels[0] += f" {days[0].year}"
        return labels

"""Membership bands behind the activity bars: translucent spans from joining to leaving, labelled."""

from __future__ import annotations

from typing import NamedTuple

import pyqtgraph as pg
from PySide6.QtGui import QColor

from bilateral.db.memberships import Band, Bands
from bilateral.desktop.common import theme
from bilateral.desktop.timeline import periods
from bilateral.desktop.timeline.bars import empty_bars, set_bars

BAND_Z = -10  # behind the bars (z 0)
LABEL_Z = 5  # above them, so a tall bar never hides what a band is
BAND_ALPHA = 45
# Label rows per lane: more would cover the bars; the rest are counted in "+N more".
LABEL_ROWS = 4
COMPARED_LABEL_ROWS = 2
# Okabe–Ito, in the order organisations appear.
COLORS = ("#0072b2", "#cc79a7", "#009e73", "#e69f00", "#56b4e9", "#d55e00", "#999999")


class Drawn(NamedTuple):
    """A band as drawn: its record, its span in seconds, and the lane it fills."""

    band: Band
    x0: float
    x1: float
    lane_y0: float
    row: int  # the label row, LABEL_ROWS or more when its label is not shown


class MembershipBands:
    """One bar item for every band, created once, and a text item per shown label."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.item = empty_bars()
        self.item.setZValue(BAND_Z)
        # Bands must not widen the range the axes fit to: they may run to today.
        plot.addItem(self.item, ignoreBounds=True)
        self.labels: list[pg.TextItem] = []
        self.more = pg.TextItem(anchor=(1, 0))
        self.more.setZValue(LABEL_Z)
        plot.addItem(self.more, ignoreBounds=True)
        self.drawn: list[Drawn] = []
        self.total = 0
        self._height = 1.0
        self._rows = LABEL_ROWS
        self._colors: dict[str, QColor] = {}

    def show(self, bands: Bands, lanes: dict[str, float], height: float) -> None:
        """Draw ``bands`` in their lanes (lane → bottom y), each ``height`` high."""
        self.total = bands.total
        self._height = height
        self._rows = rows = COMPARED_LABEL_ROWS if len(lanes) > 1 else LABEL_ROWS
        until = periods.timestamp(periods.today()) + periods.DAY
        self.drawn = []
        count: dict[str, int] = {}  # bands per lane so far: each label gets a row of its own
        for band in sorted(bands.bands, key=lambda b: (b.lane, b.start, b.record_id)):
            if band.lane not in lanes:
                continue
            x0 = periods.timestamp(band.start)
            x1 = periods.timestamp(band.end) + periods.DAY if band.end else max(until, x0)
            # Labels are wider than short bands, so bands sharing a lane never share a row.
            row = count[band.lane] = count.get(band.lane, -1) + 1
            self.drawn.append(Drawn(band, x0, x1, lanes[band.lane], min(row, rows)))
        self._draw()

    def _color(self, band: Band) -> QColor:
        party = band.party
        if party not in self._colors:
            self._colors[party] = QColor(COLORS[len(self._colors) % len(COLORS)])
        return QColor(self._colors[party])

    def _draw(self) -> None:
        brushes = []
        for d in self.drawn:
            color = self._color(d.band)
            color.setAlpha(BAND_ALPHA)
            brushes.append(pg.mkBrush(color))
        set_bars(
            self.item,
            [d.x0 for d in self.drawn],
            [d.x1 for d in self.drawn],
            [d.lane_y0 for d in self.drawn],
            [self._height] * len(self.drawn),
            brushes,
            [pg.mkPen(None)] * len(self.drawn),
        )
        labelled = [d for d in self.drawn if d.row < self._rows]
        colors = theme.current()
        self.more.setColor(colors.muted)
        while len(self.labels) < len(labelled):
            label = pg.TextItem(anchor=(0, 0))
            label.setZValue(LABEL_Z)
            self.plot.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        for label, d in zip(self.labels, labelled, strict=False):
            # TextItem.setText is plain text: a title is never read as HTML.
            label.fill = pg.mkBrush(theme.faded(colors.background, 170))
            label.setText(
                d.band.label, color=theme.readable(self._color(d.band), colors.background)
            )
            label.show()
        for label in self.labels[len(labelled) :]:
            label.hide()
        hidden = len(self.drawn) - len(labelled) + self.total - len(self.drawn)
        self.more.setText(f"+{hidden} more memberships" if hidden > 0 else "")
        self.more.setVisible(hidden > 0)
        self.place(*self.plot.vb.viewRange()[0])

    def place(self, x0: float, x1: float) -> None:
        """Keep each label inside the visible range [x0, x1] while its band is in view."""
        labelled = [d for d in self.drawn if d.row < self._rows]
        middle = (x0 + x1) / 2
        for label, d in zip(self.labels, labelled, strict=False):
            # Stacked rows one text height apart: the anchor counts in the text's own size.
            # A band that starts right of the middle is labelled leftward from its end
            # (or the view's edge), so its label stays in view.
            start = max(d.x0, x0)
            if start > middle:
                label.setAnchor((1, -d.row))
                label.setPos(min(d.x1, x1), d.lane_y0 + self._height)
            else:
                label.setAnchor((0, -d.row))
                label.setPos(start, d.lane_y0 + self._height)
        top = max((d.lane_y0 for d in self.drawn), default=0.0) + self._height
        self.more.setPos(x1, top)

    def set_height(self, height: float) -> None:
        """Make every band ``height`` high (the y range of a single lane changed)."""
        changed = height != self._height
        self._height = height
        if changed and self.drawn:
            self._draw()

    def bands_at(self, x: float, y: float) -> list[Band]:
        """The bands covering the point (x, y), earliest first."""
        return [
            d.band
            for d in self.drawn
            if d.x0 <= x < d.x1 and d.lane_y0 <= y < d.lane_y0 + self._height
        ]

    def label_texts(self) -> list[str]:
        """The labels shown, in drawing order (for the tests and the export)."""
        return [label.textItem.toPlainText() for label in self.labels if label.isVisible()]

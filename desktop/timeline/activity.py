"""The activity view: records per period as bars stacked by kind, one band per pair when comparing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

import pyqtgraph as pg
from PySide6.QtGui import QColor

from bilateral.db.memberships import Bands
from bilateral.db.timeline import ActivityRow
from bilateral.desktop.common import theme
from bilateral.desktop.timeline import periods
from bilateral.desktop.timeline.bars import empty_bars, set_bars
from bilateral.desktop.timeline.counts import lane_ticks
from bilateral.desktop.timeline.memberships import MembershipBands

# Records known only to a coarser period than the bars are drawn behind them, paler.
COARSE_ALPHA = 70
BAND_GAP = 0.25
# A lane lower than this many pixels has no room for its name; hovering still gives it.
LABEL_PIXELS = 16


class Bar(NamedTuple):
    """One drawn segment: a kind's count in a period, stacked on the kinds below it.

    A record known only to a coarser period than the bars (a year among months)
    is spread evenly over that period: ``height`` is its count divided by the
    number of bars the period holds, so the area still equals the count.
    """

    pair: str
    period: str
    kind: str
    records: int
    x0: float
    x1: float
    y0: float
    height: float
    coarse: bool


class ActivityView:
    """Draws ActivityRows into a plot with two bar items created once."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.bars: list[Bar] = []
        self.period = "year"
        self._coarse = empty_bars()
        self._fine = empty_bars()
        plot.addItem(self._coarse)
        plot.addItem(self._fine)
        self._bands: list[tuple[str, float, float]] = []  # pair, bottom, its top count
        self._names: list[pg.TextItem] = []  # each compared lane's pair, inside its lane
        #: Compared pairs share one count scale unless each is to have its own.
        self.own_scale = False
        self.memberships = MembershipBands(plot)
        self._memberships = Bands([], 0)
        #: How a lane's pair is named ('BRICS – Cuba'); the panel gives the database's parties.
        self.pair_name: Callable[[str], str] = lambda pair: pair

    def show(
        self,
        rows: list[ActivityRow],
        period: str,
        kinds: list[str],
        colors: dict[str, str],
        pairs: tuple[str, ...] = (),
    ) -> None:
        """Replace the bars with ``rows`` counted per ``period``; kinds stack in ``kinds`` order.

        With ``pairs``, each pair gets a band of its own, the first at the top.
        """
        self.period = period
        order = {kind: i for i, kind in enumerate(kinds)}
        rows = sorted(rows, key=lambda r: (r.pair, r.period, order.get(r.kind, len(order))))
        bars = self._stack(rows)
        pairs = list(pairs) or sorted({b.pair for b in bars})
        tallest = defaultdict(lambda: 1.0)
        for bar in bars:
            tallest[bar.pair] = max(tallest[bar.pair], bar.y0 + bar.height)
        comparing = len(pairs) > 1
        # Compared pairs each get a band of the same height. On one shared scale
        # (the tallest lane's) their sizes compare; on own scales their shapes do.
        shared = max((tallest[p] for p in pairs), default=1.0)
        top = {p: (tallest[p] if self.own_scale else shared) for p in pairs}
        scale = {p: (1 / top[p] if comparing else 1.0) for p in pairs}
        offsets, self._bands = {}, []
        for i, pair in enumerate(reversed(pairs)):  # the first pair is drawn on top
            offsets[pair] = i * (1 + BAND_GAP) if comparing else 0.0
            self._bands.append((pair, offsets[pair], top[pair]))
        self.bars = [
            b._replace(y0=offsets[b.pair] + b.y0 * scale[b.pair], height=b.height * scale[b.pair])
            for b in bars
            if b.pair in offsets
        ]
        self._draw(colors)
        self._label_bands(comparing)
        self._draw_memberships()

    def show_memberships(self, bands: Bands) -> None:
        """Draw membership ``bands`` behind the bars, in their lanes when comparing."""
        self._memberships = bands
        self._draw_memberships()

    def _draw_memberships(self) -> None:
        if len(self._bands) > 1:
            lanes, height = {pair: y for pair, y, _ in self._bands}, 1.0
        else:
            lanes, height = {"": 0.0}, self.plot.vb.viewRange()[1][1]
        self.memberships.show(self._memberships, lanes, height)

    def _stack(self, rows: list[ActivityRow]) -> list[Bar]:
        fine = periods.PERIOD_ORDER[: periods.PERIOD_ORDER.index(self.period) + 1]
        stacked: dict[tuple[str, str], float] = defaultdict(float)
        bars = []
        for row in rows:
            x0, x1 = periods.period_span(row.period)
            coarse = periods.period_kind(row.period) not in fine
            height = (
                row.records / periods.periods_in(x1 - x0, self.period) if coarse else row.records
            )
            y0 = stacked[row.pair, row.period]
            stacked[row.pair, row.period] += height
            bars.append(
                Bar(row.pair, row.period, row.kind, row.records, x0, x1, y0, height, coarse)
            )
        return bars

    def _draw(self, colors: dict[str, str]) -> None:
        for item, coarse in ((self._fine, False), (self._coarse, True)):
            chosen = [b for b in self.bars if b.coarse == coarse]
            brushes, pens = [], []
            for bar in chosen:
                color = QColor(colors.get(bar.kind, theme.NO_KIND_COLOR))
                pens.append(pg.mkPen(color.darker(130), width=1))
                if coarse:
                    color.setAlpha(COARSE_ALPHA)
                brushes.append(pg.mkBrush(color))
            # A small gap between neighbouring bars keeps periods apart.
            gap = [0 if b.coarse else (b.x1 - b.x0) * 0.06 for b in chosen]
            set_bars(
                item,
                [b.x0 + g for b, g in zip(chosen, gap, strict=True)],
                [b.x1 - g for b, g in zip(chosen, gap, strict=True)],
                [b.y0 for b in chosen],
                [b.height for b in chosen],
                brushes,
                pens,
            )

    def lane_tops(self) -> dict[str, float]:
        """Each compared pair's count at the top of its lane (equal on the shared scale)."""
        return {pair: top for pair, _, top in self._bands} if len(self._bands) > 1 else {}

    def lane_names(self) -> list[tuple[str, bool]]:
        """The pair names written in the lanes, top lane first, and whether each is shown."""
        return [(item.textItem.toPlainText(), item.isVisible()) for item in self._names]

    def _label_bands(self, comparing: bool) -> None:
        bands = self._bands if comparing else []
        # Whole-number counts on the axis; the pair names go inside the lanes,
        # where a long name has the plot's width rather than the axis's, at the
        # bottom left, clear of the membership labels along each lane's top.
        ticks = [t for _, y, top in bands for t in lane_ticks(y, top)]
        self.plot.getAxis("left").setTicks([ticks] if ticks else None)
        for item in self._names:
            self.plot.removeItem(item)
        self._names = []
        colors = theme.current()
        for pair, y, _ in reversed(bands):
            item = pg.TextItem(
                self.pair_name(pair),
                color=colors.text,
                anchor=(0, 1),
                fill=theme.faded(colors.background, 170),
            )
            item.setZValue(20)
            item.setPos(0, y)
            self.plot.addItem(item, ignoreBounds=True)
            self._names.append(item)

    def _place_names(self, x0: float) -> None:
        """Keep the lane names at the left edge of the view; hide them when lanes are too low."""
        height = self.plot.vb.height()
        top = self.plot.vb.viewRange()[1][1] or 1
        room = height / top if height > 0 else LABEL_PIXELS
        for item, (_, y, _) in zip(self._names, reversed(self._bands), strict=False):
            item.setPos(x0, y)
            item.setVisible(room >= LABEL_PIXELS)

    def fit_height(self, x0: float, x1: float) -> None:
        """Scale the y axis to the bars in the range [x0, x1] (to every band when comparing)."""
        if len(self._bands) > 1:
            top = len(self._bands) * (1 + BAND_GAP) - BAND_GAP
        else:
            top = max((b.y0 + b.height for b in self.bars if b.x1 > x0 and b.x0 < x1), default=1)
            # One lane: its bands fill the whole height, whatever the bars in view.
            self.memberships.set_height(top * 1.08)
        self.plot.setYRange(0, top * 1.08, padding=0)
        self.memberships.place(x0, x1)
        self._place_names(x0)

    def bar_at(self, x: float, y: float) -> Bar | None:
        """The bar under the point (x, y) in data coordinates; fine bars before coarse ones."""
        hits = [b for b in self.bars if b.x0 <= x < b.x1 and b.y0 <= y < b.y0 + b.height]
        hits.sort(key=lambda b: b.coarse)
        return hits[0] if hits else None

    def describe(self, bar: Bar) -> str:
        """Hover text for a bar (plain text)."""
        same = [
            b
            for b in self.bars
            if (b.pair, b.period, b.coarse) == (bar.pair, bar.period, bar.coarse)
        ]
        pair = f"{self.pair_name(bar.pair)}  " if bar.pair else ""
        noun = "record" if bar.records == 1 else "records"
        text = f"{pair}{bar.period}\n{bar.kind}: {bar.records} {noun} (of {sum(b.records for b in same)})"
        if bar.coarse:
            text += f"\nknown only to the {periods.period_kind(bar.period)}: spread over its {self.period}s"
        return text

    def _describe_lane(self, y: float) -> list[str]:
        """The compared lane at height ``y``: its pair and the count at its top."""
        for pair, bottom, top in self._bands if len(self._bands) > 1 else []:
            if bottom <= y < bottom + 1:
                scale = "its own scale" if self.own_scale else "the shared scale"
                return [f"{self.pair_name(pair)}: {top:g} records at the top, on {scale}"]
        return []

    def describe_at(self, x: float, y: float) -> str:
        """Hover text at (x, y): the bar there, then the memberships in force there."""
        bar = self.bar_at(x, y)
        lines = [self.describe(bar)] if bar else self._describe_lane(y)
        lines += [band.label for band in self.memberships.bands_at(x, y)]
        return "\n".join(lines)

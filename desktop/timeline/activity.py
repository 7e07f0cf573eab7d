"""The activity view: records per period as bars stacked by kind, one band per pair when comparing."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pyqtgraph as pg
from PySide6.QtGui import QColor

from db.timeline import ActivityRow
from desktop.timeline import periods
from desktop.timeline.bars import empty_bars, set_bars

# Records known only to a coarser period than the bars are drawn behind them, paler.
COARSE_ALPHA = 70
BAND_GAP = 0.25


class Bar(NamedTuple):
    """One drawn segment: a kind's count in a period, stacked on the kinds below it."""

    pair: str
    period: str
    kind: str
    records: int
    x0: float
    x1: float
    y0: float
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
        self._band_tops: list[tuple[str, float, float]] = []

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
        pairs = list(pairs) or sorted({r.pair for r in rows})
        heights = defaultdict(int)
        for row in rows:
            heights[row.pair, row.period] += row.records
        tallest = {p: max((h for (q, _), h in heights.items() if q == p), default=1) for p in pairs}
        base, self._band_tops = 0.0, []
        offsets = {}
        for pair in reversed(pairs):  # the first pair is drawn on top
            offsets[pair] = base
            self._band_tops.append((pair, base, base + tallest[pair]))
            base += tallest[pair] * (1 + BAND_GAP)
        self.bars = self._stack(rows, offsets)
        self._draw(colors)
        self._label_bands(len(pairs) > 1)

    def _stack(self, rows: list[ActivityRow], offsets: dict[str, float]) -> list[Bar]:
        fine = set(periods.PERIOD_ORDER[: periods.PERIOD_ORDER.index(self.period) + 1])
        stacked: dict[tuple[str, str], float] = defaultdict(float)
        bars = []
        for row in rows:
            x0, x1 = periods.period_span(row.period)
            y0 = offsets[row.pair] + stacked[row.pair, row.period]
            stacked[row.pair, row.period] += row.records
            coarse = periods.period_kind(row.period) not in fine
            bars.append(Bar(row.pair, row.period, row.kind, row.records, x0, x1, y0, coarse))
        return bars

    def _draw(self, colors: dict[str, str]) -> None:
        for item, coarse in ((self._fine, False), (self._coarse, True)):
            chosen = [b for b in self.bars if b.coarse == coarse]
            brushes, pens = [], []
            for bar in chosen:
                color = QColor(colors.get(bar.kind, "#7f7f7f"))
                pens.append(pg.mkPen(color.darker(130), width=1))
                if coarse:
                    color.setAlpha(COARSE_ALPHA)
                brushes.append(pg.mkBrush(color))
            # A small gap between neighbouring bars keeps periods apart.
            gap = [(b.x1 - b.x0) * 0.06 for b in chosen]
            set_bars(
                item,
                [b.x0 + g for b, g in zip(chosen, gap, strict=True)],
                [b.x1 - g for b, g in zip(chosen, gap, strict=True)],
                [b.y0 for b in chosen],
                [b.records for b in chosen],
                brushes,
                pens,
            )

    def _label_bands(self, comparing: bool) -> None:
        axis = self.plot.getAxis("left")
        if not comparing:
            axis.setTicks(None)
            return
        major = [(bottom, pair) for pair, bottom, _ in self._band_tops]
        minor = [(top, f"{top - bottom:g}") for _, bottom, top in self._band_tops]
        axis.setTicks([major, minor])

    def fit_height(self, x0: float, x1: float) -> None:
        """Scale the y axis to the bars that are in the range [x0, x1]."""
        visible = [b.y0 + b.records for b in self.bars if b.x1 > x0 and b.x0 < x1]
        top = max(visible, default=1)
        self.plot.setYRange(0, top * 1.08, padding=0)

    def bar_at(self, x: float, y: float) -> Bar | None:
        """The bar under the point (x, y) in data coordinates; fine bars before coarse ones."""
        hits = [b for b in self.bars if b.x0 <= x < b.x1 and b.y0 <= y < b.y0 + b.records]
        hits.sort(key=lambda b: b.coarse)
        return hits[0] if hits else None

    def describe(self, bar: Bar) -> str:
        """Hover text for a bar (plain text)."""
        total = sum(b.records for b in self.bars if (b.pair, b.period) == (bar.pair, bar.period))
        pair = f"{bar.pair}  " if bar.pair else ""
        noun = "record" if bar.records == 1 else "records"
        return f"{pair}{bar.period}\n{bar.kind}: {bar.records} {noun} (of {total})"

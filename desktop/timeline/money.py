"""The money view: counted USD over time, cumulative, one step line per flow such as CHN → CUB."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg

from bilateral.db.timeline import MoneyStep
from bilateral.desktop.timeline import periods

FLOW_COLORS = (
    "#1b2631",
    "#c0392b",
    "#2471a3",
    "#7d3c98",
    "#117a65",
    "#b9770e",
    "#5d6d7e",
    "#a04000",
)
HIT_PIXELS = 8
MAX_DOTS = 400


class Flow(NamedTuple):
    """One flow's steps ready to draw: dates in seconds, running totals, and the steps."""

    name: str
    xs: np.ndarray
    totals: np.ndarray
    steps: list[MoneyStep]


class Point(NamedTuple):
    """One step of a flow's line: where it is drawn and the records behind it."""

    flow: str
    x: float
    total: float
    step: MoneyStep


def prepare(steps: list[MoneyStep]) -> list[Flow]:
    """Group steps (in date order) by flow with their positions and totals.

    A plain function, so the loader runs it off the UI thread.
    """
    by_flow: dict[str, list[MoneyStep]] = defaultdict(list)
    for step in steps:
        by_flow[step.flow].append(step)
    starts = {}  # many steps share a date: parse each date once
    flows = []
    for name, flow_steps in by_flow.items():
        xs = np.array([starts.setdefault(s.date, periods.date_span(s.date)[0]) for s in flow_steps])
        totals = np.cumsum([s.usd for s in flow_steps])
        flows.append(Flow(name, xs, totals, flow_steps))
    return flows


def usd(value: float) -> str:
    """A USD amount in words a reader takes in at once: 100 M, 2.5 bn."""
    for size, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


class UsdAxis(pg.AxisItem):
    """A left axis that labels USD as 100 M rather than 1e8."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - Qt naming
        if self.logMode:
            return self.logTickStrings(values, scale, spacing)
        return [usd(v * scale) for v in values]

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 - Qt naming
        # On the log scale a tick at 8 stands for 10**8 USD; only whole decades are named.
        return [usd(10**v) if abs(v - round(v)) < 1e-6 else "" for v in values]


class MoneyView:
    """Draws Flows as cumulative step lines; one line and one dot item per flow, reused."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.flows: list[Flow] = []
        #: How a flow is named in the legend and hover text ('China → Cuba'); set by the panel.
        self.flow_name: Callable[[str], str] = lambda flow: flow
        self.colors: dict[str, str] = {}
        self._lines: dict[str, tuple[pg.PlotDataItem, pg.ScatterPlotItem]] = {}
        #: Draw totals on a log scale, so that one large sum does not flatten the rest.
        self.log_scale = False
        self._floor = 1.0  # on the log scale, where a line starts (below its first step)

    def show(self, flows: list[Flow], until: float) -> None:
        """Replace the lines with ``flows``; each line runs on to ``until``."""
        self.flows = flows
        positive = [float(t) for f in flows for t in f.totals if t > 0]
        self._floor = min(positive, default=10.0) / 10
        self.plot.getAxis("left").setLogMode(False, self.log_scale)
        for line, dots in self._lines.values():
            line.setData([], [])
            dots.setData([], [])
        for flow in flows:
            line, dots = self._items(flow.name)
            # Each step rises at its date: (x, before) then (x, after); the last total runs on.
            x = np.concatenate([np.repeat(flow.xs, 2), [max(until, flow.xs[-1])]])
            y = np.concatenate([[0.0], np.repeat(flow.totals, 2)])
            line.setData(x, self._y(y))
            # Thousands of dots would hide the line and slow every repaint; the
            # hover finds steps from the data either way.
            few = len(flow.xs) <= MAX_DOTS
            dots.setData(flow.xs if few else [], self._y(flow.totals) if few else [])
        top = max((float(f.totals.max()) for f in flows), default=1.0)
        if self.log_scale:
            self.plot.setYRange(float(self._y(self._floor)), float(self._y(top)) + 0.15, padding=0)
        else:
            self.plot.setYRange(0, top * 1.12, padding=0)

    def _y(self, totals):
        """Where totals are drawn: as they are, or their log10 (at least the floor's)."""
        if not self.log_scale:
            return totals
        return np.log10(np.maximum(totals, self._floor))

    def _items(self, name: str) -> tuple[pg.PlotDataItem, pg.ScatterPlotItem]:
        if name not in self._lines:
            color = FLOW_COLORS[len(self._lines) % len(FLOW_COLORS)]
            self.colors[name] = color
            line = self.plot.plot([], [], pen=pg.mkPen(color, width=2))
            line.setClipToView(True)
            line.setDownsampling(auto=True, method="peak")
            dots = pg.ScatterPlotItem(size=7, pen=None, brush=pg.mkBrush(color))
            self.plot.addItem(dots)
            self._lines[name] = (line, dots)
        return self._lines[name]

    def series(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The drawn (x, y) of each flow's line, for the flows shown (y as log10 on the log scale)."""
        return {f.name: self._lines[f.name][0].getData() for f in self.flows}

    def legend(self) -> list[tuple[str, str]]:
        """The flows drawn, with their line colours."""
        return [(self.flow_name(f.name), self.colors[f.name]) for f in self.flows]

    def point_at(self, x: float, y: float, pixel: tuple[float, float]) -> Point | None:
        """The step nearest (x, y) within a few pixels; ``pixel`` is one pixel in x and in y."""
        best, distance = None, HIT_PIXELS
        for flow in self.flows:
            d = np.hypot((flow.xs - x) / pixel[0], (self._y(flow.totals) - y) / pixel[1])
            i = int(np.argmin(d))
            if d[i] <= distance:
                best, distance = (
                    Point(flow.name, float(flow.xs[i]), float(flow.totals[i]), flow.steps[i]),
                    d[i],
                )
        return best

    def drawn_y(self, total: float) -> float:
        """Where a total is drawn on the y axis (its log10 on the log scale)."""
        return float(self._y(np.array([total]))[0])

    def first_point(self) -> Point | None:
        """The first step of the first flow, if any money is drawn."""
        if not self.flows:
            return None
        f = self.flows[0]
        return Point(f.name, float(f.xs[0]), float(f.totals[0]), f.steps[0])

    def describe(self, point: Point) -> str:
        """Hover text for a step: the date, the flow, what it added and the record behind it."""
        step = point.step
        more = f"\nand {step.records - 1} more on {step.date}" if step.records > 1 else ""
        return (
            f"{step.date} · {self.flow_name(point.flow)}\n+{step.usd:,.0f} USD (total {point.total:,.0f} USD)\n"
            f"{step.title}{more}"
        )

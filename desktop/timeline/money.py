"""The money view: counted USD over time, cumulative, one step line per flow such as CHN → CUB."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg

from db.timeline import MoneyStep
from desktop.timeline import periods

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


class Point(NamedTuple):
    """One step of a flow's line: where it is drawn and the records behind it."""

    flow: str
    x: float
    total: float
    step: MoneyStep


def usd(value: float) -> str:
    """A USD amount in words a reader takes in at once: 100 M, 2.5 bn."""
    for size, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


class UsdAxis(pg.AxisItem):
    """A left axis that labels USD as 100 M rather than 1e8."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - Qt naming
        return [usd(v * scale) for v in values]


class MoneyView:
    """Draws MoneySteps as cumulative step lines; one line item per flow, reused across updates."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.points: list[Point] = []
        self.colors: dict[str, str] = {}
        self._lines: dict[str, pg.PlotDataItem] = {}
        self._dots = pg.ScatterPlotItem(size=7, pen=None)
        plot.addItem(self._dots)

    def show(self, steps: list[MoneyStep], until: float) -> None:
        """Replace the lines with ``steps`` (in date order); each line runs on to ``until``."""
        by_flow: dict[str, list[MoneyStep]] = defaultdict(list)
        for step in steps:
            by_flow[step.flow].append(step)
        self.points = []
        for item in self._lines.values():
            item.setData([], [])
        for flow, flow_steps in by_flow.items():
            self._draw_flow(flow, flow_steps, until)
        self._dots.setData(
            [p.x for p in self.points],
            [p.total for p in self.points],
            brush=[pg.mkBrush(self.colors[p.flow]) for p in self.points],
        )
        top = max((p.total for p in self.points), default=1.0)
        self.plot.setYRange(0, top * 1.12, padding=0)

    def _draw_flow(self, flow: str, steps: list[MoneyStep], until: float) -> None:
        if flow not in self._lines:
            color = FLOW_COLORS[len(self._lines) % len(FLOW_COLORS)]
            self.colors[flow] = color
            self._lines[flow] = self.plot.plot([], [], pen=pg.mkPen(color, width=2))
        xs = np.array([periods.date_span(s.date)[0] for s in steps])
        totals = np.cumsum([s.usd for s in steps])
        self.points += [Point(flow, x, t, s) for x, t, s in zip(xs, totals, steps, strict=True)]
        # Each step rises at its date: (x, before) then (x, after); the last total runs on.
        x = np.concatenate([np.repeat(xs, 2), [max(until, xs[-1])]])
        y = np.concatenate([[0.0], np.repeat(totals, 2)])
        self._lines[flow].setData(x, y)

    def series(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The drawn (x, y) of each flow's line, for the flows shown."""
        out = {}
        for flow, item in self._lines.items():
            x, y = item.getData()
            if x is not None and len(x):
                out[flow] = (x, y)
        return out

    def flows(self) -> list[tuple[str, str]]:
        """The flows drawn, with their line colours, in legend order."""
        drawn = self.series()
        return [(flow, self.colors[flow]) for flow in self._lines if flow in drawn]

    def point_at(self, x: float, y: float, pixel: tuple[float, float]) -> Point | None:
        """The step nearest (x, y) within a few pixels; ``pixel`` is one pixel in x and in y."""
        best, distance = None, HIT_PIXELS
        for point in self.points:
            d = np.hypot((point.x - x) / pixel[0], (point.total - y) / pixel[1])
            if d <= distance:
                best, distance = point, d
        return best

    def describe(self, point: Point) -> str:
        """Hover text for a step: the date, the flow, what it added and the record behind it."""
        step = point.step
        more = f"\nand {step.records - 1} more on {step.date}" if step.records > 1 else ""
        return (
            f"{step.date} · {point.flow}\n+{step.usd:,.0f} USD (total {point.total:,.0f} USD)\n"
            f"{step.title}{more}"
        )

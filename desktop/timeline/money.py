"""The money view: counted USD over time, cumulative or per period, one line per flow (CHN → CUB)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg

from bilateral.db import dates
from bilateral.db.money_flows import MoneyStep
from bilateral.desktop.common import theme
from bilateral.desktop.timeline import legend, periods
from bilateral.desktop.timeline.counts import spaced

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
    flows = []
    for name, flow_steps in by_flow.items():
        xs = starts([s.date for s in flow_steps])
        totals = np.cumsum([s.usd for s in flow_steps])
        flows.append(Flow(name, xs, totals, flow_steps))
    return flows


def starts(texts: list[str]) -> np.ndarray:
    """The first second of each partial date ('2023', '2023-11', '2023-11-07'), UTC.

    numpy reads a year or a year-month as its first day, as ``periods.date_span`` does,
    and in C: thousands of steps are placed in well under a millisecond.
    """
    days = np.array(texts, dtype="datetime64[D]").astype(np.int64)
    return days * periods.DAY


def period_of(date: str, period: str) -> str:
    """The label of the ``period`` ('year' … 'day') that a partial date's first day falls in."""
    day = dates.first_day(date)
    if period == "year":
        return f"{day.year}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def coarsest(period: str, flows: list[Flow]) -> str:
    """``period``, or a coarser one if a step's date is known less precisely.

    Money known only to the year is never put in one month of it: every bar is then a year.
    """
    rank = {p: i for i, p in enumerate(periods.PERIOD_ORDER)}
    known = {dates.precision(s.date) for f in flows for s in f.steps}
    return max([period, *known], key=rank.__getitem__)


def per_period(flows: list[Flow], period: str) -> list[Flow]:
    """Each flow's money summed per ``period``: one step per period with money, in order."""
    summed = []
    for flow in flows:
        buckets: dict[str, list[MoneyStep]] = defaultdict(list)
        for step in flow.steps:
            buckets[period_of(step.date, period)].append(step)
        steps = []
        for label, bucket in buckets.items():
            largest = max(bucket, key=lambda s: s.usd)
            records = sum(s.records for s in bucket)
            total = sum(s.usd for s in bucket)
            steps.append(
                MoneyStep(flow.name, label, total, records, largest.record_id, largest.title)
            )
        xs = np.array([periods.period_span(s.date)[0] for s in steps])
        summed.append(Flow(flow.name, xs, np.array([s.usd for s in steps]), steps))
    return summed


def usd(value: float) -> str:
    """A USD amount in words a reader takes in at once: 100 M, 2.5 bn."""
    for size, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


class UsdAxis(pg.AxisItem):
    """A left axis that labels USD as 100 M rather than 1e8."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 - pyqtgraph naming
        return spaced(super().tickValues(minVal, maxVal, size), minVal, maxVal, size)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - Qt naming
        if self.logMode:
            return self.logTickStrings(values, scale, spacing)
        return [usd(v * scale) for v in values]

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 - Qt naming
        # On the log scale a tick at 8 stands for 10**8 USD; only whole decades are named.
        return [usd(10**v) if abs(v - round(v)) < 1e-6 else "" for v in values]


class MoneyView:
    """Draws Flows as step lines, cumulative or per period; one line and dot item per flow."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.flows: list[Flow] = []
        #: How a flow is named in the legend and hover text ('China → Cuba'); set by the panel.
        self.flow_name: Callable[[str], str] = lambda flow: flow
        #: A record's title, for steps loaded without one; set by the panel.
        self.title_of: Callable[[int], str] = lambda record_id: ""
        self.colors: dict[str, str] = {}
        self._lines: dict[str, tuple[pg.PlotDataItem, pg.ScatterPlotItem]] = {}
        #: Draw totals on a log scale, so that one large sum does not flatten the rest.
        self.log_scale = False
        self._floor = 1.0  # on the log scale, where a line starts (below its first step)
        #: None for running totals, else 'year' … 'day': each period's own sum.
        self.period: str | None = None

    def show(self, flows: list[Flow], until: float, period: str | None = None) -> None:
        """Show ``flows`` as running totals, or (``period``) summed per period.

        In a period coarser than asked for when some money is dated less precisely.
        """
        self.period = coarsest(period, flows) if period else None
        if self.period:
            self._show(per_period(flows, self.period), until)
        else:
            self._show(flows, until)

    def _show(self, flows: list[Flow], until: float) -> None:
        self.flows = flows
        positive = [float(t) for f in flows for t in f.totals if t > 0]
        self._floor = min(positive, default=10.0) / 10
        self.plot.getAxis("left").setLogMode(False, self.log_scale)
        for line, dots in self._lines.values():
            line.setData([], [])
            dots.setData([], [])
        for flow in flows:
            line, dots = self._items(flow.name)
            x, y = self._outline(flow, until)
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

    def apply_theme(self) -> None:
        """Colour the flows' lines from the palette's theme, in the order they came."""
        flows = theme.current().flows
        for i, (name, (line, dots)) in enumerate(self._lines.items()):
            self.colors[name] = flows[i % len(flows)]
            line.setPen(pg.mkPen(self.colors[name], width=2))
            dots.setBrush(pg.mkBrush(self.colors[name]))

    def _outline(self, flow: Flow, until: float) -> tuple[np.ndarray, np.ndarray]:
        """The (x, y) of a flow's step line."""
        if self.period is None:
            # Each step rises at its date: (x, before) then (x, after); the last total runs on.
            x = np.concatenate([np.repeat(flow.xs, 2), [max(until, flow.xs[-1])]])
            return x, np.concatenate([[0.0], np.repeat(flow.totals, 2)])
        # A flat top over each period with money, down to nothing between them.
        ends = np.array([periods.period_span(s.date)[1] for s in flow.steps])
        x = np.column_stack([flow.xs, flow.xs, ends, ends]).ravel()
        zeros = np.zeros(len(flow.xs))
        return x, np.column_stack([zeros, flow.totals, flow.totals, zeros]).ravel()

    def _y(self, totals):
        """Where totals are drawn: as they are, or their log10 (at least the floor's)."""
        if not self.log_scale:
            return totals
        return np.log10(np.maximum(totals, self._floor))

    def _items(self, name: str) -> tuple[pg.PlotDataItem, pg.ScatterPlotItem]:
        if name not in self._lines:
            flows = theme.current().flows
            color = flows[len(self._lines) % len(flows)]
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

    def title(self, width: int) -> str:
        """The plot's title: what is drawn, on which scale, and the flows' legend."""
        note = "" if self.flows else "none counted in this selection"
        what = f"USD per {self.period}" if self.period else "cumulative USD"
        scale = ", log scale" if self.log_scale else ""
        return legend.flows_title(f"Money counted, {what}{scale}", self.legend(), note, width)

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
        step = step._replace(title=step.title or self.title_of(step.record_id))
        if self.period:
            records = f"{step.records:,} records, the largest: " if step.records > 1 else ""
            return (
                f"{step.date} · {self.flow_name(point.flow)}\n{step.usd:,.0f} USD in {step.date}\n"
                f"{records}{step.title}"
            )
        more = f"\nand {step.records - 1} more on {step.date}" if step.records > 1 else ""
        return (
            f"{step.date} · {self.flow_name(point.flow)}\n+{step.usd:,.0f} USD (total {point.total:,.0f} USD)\n"
            f"{step.title}{more}"
        )

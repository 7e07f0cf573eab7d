"""The events view: one lane per kind; day records are markers, vaguer or lasting ones are spans."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

from bilateral.db import dates
from bilateral.db.parties import PartyTable
from bilateral.db.timeline import OPEN_STATUS, EventRow, flow_name
from bilateral.desktop.common import theme
from bilateral.desktop.common.labels import flow_label
from bilateral.desktop.timeline import periods
from bilateral.desktop.timeline.bars import empty_bars, set_bars

MARKER_SIZE = 11
# How far (in pixels) from a marker or span a click still hits it.
HIT_PIXELS = 6
# A lane's name is written only when the lanes it would share a line of text with are not.
LANE_NAME_PIXELS = 15
# A span known only to its month or year is at least this many pixels wide at any zoom.
MIN_SPAN_PIXELS = 5
# How a record looks by its claim status: a fact is filled, a claim hollow (a marker)
# or hatched (a span), and a claim denied or retracted the same but grey.
LOOKS = {"claimed": "claim", "disputed": "claim", "denied": "void", "retracted": "void"}
VOID_COLOR = "#b0b0b0"
HATCH = Qt.BrushStyle.BDiagPattern


def look(claim_status: str) -> str:
    """'fact' (established or confirmed), 'claim' (claimed or disputed) or 'void' (denied
    or retracted)."""
    return LOOKS.get(claim_status, "fact")


class Shape(NamedTuple):
    """Where a record is drawn: [x0, x1) in seconds and how ('marker', 'span' or 'duration')."""

    x0: float
    x1: float
    how: str


def shape(row: EventRow) -> Shape:
    """A day record is a marker; a month or year record a span over it; an end date a duration.

    A record with no end date that is still in force lasts until today.
    """
    start, end = periods.date_span(row.date)
    if row.end_date:
        return Shape(start, periods.date_span(row.end_date)[1], "duration")
    if row.status == OPEN_STATUS:
        return Shape(start, max(end, periods.timestamp(periods.today()) + periods.DAY), "duration")
    if dates.precision(row.date) != "day":
        return Shape(start, end, "span")
    return Shape(start, end, "marker")


def describe(row: EventRow, party_table: PartyTable | None = None) -> str:
    """Hover text for a record: its dates, kind, parties (by name) and title (plain text)."""
    when = row.date
    if row.end_date:
        when += f" to {row.end_date}"
    elif row.status == OPEN_STATUS:
        when = f"since {row.date}, still in force"
    elif dates.precision(row.date) != "day":
        when = f"known to the {dates.precision(row.date)}: {row.date}"
    flow = flow_label(flow_name(row.actor, row.partner, row.direction), party_table)
    text = f"{when}\n{row.kind} · {flow} · {row.status}\n{row.title}"
    if row.claim_status != "established":
        by = f" by {row.claimed_by}" if row.claimed_by else ""
        text += f"\n{row.claim_status}{by}"
    return text


class _Style:
    """The brushes and pens of one kind, made once per redraw rather than once per record."""

    def __init__(self, color: str) -> None:
        base, void = QColor(color), QColor(VOID_COLOR)
        hollow = pg.mkBrush(theme.current().background)
        self.marker_brushes = {"fact": pg.mkBrush(base), "claim": hollow, "void": hollow}
        self.marker_pens = {
            "fact": pg.mkPen(base.darker(150), width=1),
            "claim": pg.mkPen(base.darker(120), width=2),
            "void": pg.mkPen(void, width=1.5),
        }
        solid, pale = QColor(base), QColor(base)
        solid.setAlpha(150)
        pale.setAlpha(55)
        self._brushes = {
            ("fact", False): pg.mkBrush(solid),
            ("fact", True): pg.mkBrush(pale),
            ("claim", False): QBrush(base.darker(110), HATCH),
            ("claim", True): QBrush(base, HATCH),
            ("void", False): QBrush(void, HATCH),
            ("void", True): QBrush(void, HATCH),
        }
        dashed = pg.mkPen(base.darker(140), width=1)
        dashed.setStyle(Qt.PenStyle.DashLine)
        void_pen = pg.mkPen(void, width=1)
        self._pens = {False: pg.mkPen(base.darker(140), width=1), True: dashed}
        self._void_pens = {False: void_pen, True: void_pen}

    def brush(self, rough: bool, looks: str = "fact") -> QBrush:
        return self._brushes[looks, rough]

    def pen(self, rough: bool, looks: str = "fact") -> QPen:
        return (self._void_pens if looks == "void" else self._pens)[rough]


class EventsView:
    """Draws EventRows on kind lanes with a marker item, a span item and a highlight, made once."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.rows: list[EventRow] = []
        self.shapes: list[Shape] = []
        self.lanes: list[str] = []
        #: The lanes named on the axis: all of them unless they are too low.
        self.named_lanes: list[str] = []
        self.highlighted: int | None = None
        self._spans = empty_bars()
        self._markers = pg.ScatterPlotItem(size=MARKER_SIZE, pxMode=True)
        # Markers above connectors and chain bars (z 1), spans below them.
        self._markers.setZValue(2)
        self._ring = pg.ScatterPlotItem(size=MARKER_SIZE + 10, brush=None)
        self._frame = empty_bars()
        for item in (self._spans, self._markers, self._frame, self._ring):
            plot.addItem(item)
        self._frame.setZValue(3)
        self._ring.setZValue(3)
        plot.vb.sigResized.connect(lambda *_: self.name_lanes())
        self._x0 = self._x1 = self._lane = np.zeros(0)
        #: Where the spans and durations are drawn, at least MIN_SPAN_PIXELS wide.
        self.span_edges: tuple[np.ndarray, np.ndarray] = (np.zeros(0), np.zeros(0))

    def set_lanes(self, kinds: list[str]) -> None:
        """One lane per kind, the first at the top."""
        self.lanes = list(kinds)
        self.plot.setYRange(-0.6, max(len(self.lanes), 1) - 0.4, padding=0)
        self.name_lanes()

    def name_lanes(self) -> None:
        """Name the lanes on the axis: every one if they fit, else every second or third…

        Names of lanes lower than a line of text would overprint each other.
        """
        height = self.plot.vb.height()
        lane = height / max(len(self.lanes), 1)
        step = 1 if lane <= 0 else max(1, math.ceil(LANE_NAME_PIXELS / lane))
        ticks = [(self._y(k), k) for i, k in enumerate(self.lanes) if i % step == 0]
        self.plot.getAxis("left").setTicks([ticks])
        self.named_lanes = [name for _, name in ticks]

    def _y(self, kind: str) -> float:
        return float(len(self.lanes) - 1 - self.lanes.index(kind)) if kind in self.lanes else -1.0

    def show(self, rows: list[EventRow], shapes: list[Shape], colors: dict[str, str]) -> None:
        """Replace the drawn records with ``rows`` drawn as ``shapes`` (see ``shape``)."""
        kept = [(r, s) for r, s in zip(rows, shapes, strict=True) if r.kind in self.lanes]
        self.rows = [r for r, _ in kept]
        self.shapes = [s for _, s in kept]
        self._x0 = np.array([s.x0 for s in self.shapes])
        self._x1 = np.array([s.x1 for s in self.shapes])
        self._lane = np.array([self._y(r.kind) for r in self.rows])
        styles = {
            kind: _Style(colors.get(kind, theme.NO_KIND_COLOR))
            for kind in {r.kind for r in self.rows}
        }
        self._draw_markers(styles)
        self._draw_spans(styles)
        self.highlight(self.highlighted)

    def _draw_markers(self, styles: dict[str, _Style]) -> None:
        chosen = [i for i, s in enumerate(self.shapes) if s.how == "marker"]
        keys = [(self.rows[i].kind, look(self.rows[i].claim_status)) for i in chosen]
        self._markers.setData(
            x=(self._x0[chosen] + self._x1[chosen]) / 2,
            y=self._lane[chosen],
            data=[self.rows[i].id for i in chosen],
            brush=[styles[k].marker_brushes[c] for k, c in keys],
            pen=[styles[k].marker_pens[c] for k, c in keys],
        )

    def _draw_spans(self, styles: dict[str, _Style]) -> None:
        chosen = [i for i, s in enumerate(self.shapes) if s.how != "marker"]
        # A lasting state is a solid bar; a date known only roughly a pale, dashed box.
        rough = [self.shapes[i].how == "span" for i in chosen]
        half = np.array([0.32 if r else 0.2 for r in rough])
        looks = [(self.rows[i].kind, look(self.rows[i].claim_status)) for i in chosen]
        x0, x1 = self._x0[chosen], self._x1[chosen]
        # Zoomed far out, a month is under a pixel: widen it about its middle so it shows.
        pixel = self.plot.vb.viewPixelSize()[0] if self.plot.vb.width() > 0 else 0.0
        grow = np.maximum(MIN_SPAN_PIXELS * pixel - (x1 - x0), 0) / 2
        self.span_edges = (x0 - grow, x1 + grow)
        set_bars(
            self._spans,
            x0 - grow,
            x1 + grow,
            self._lane[chosen] - half,
            2 * half,
            [styles[k].brush(r, c) for (k, c), r in zip(looks, rough, strict=True)],
            [styles[k].pen(r, c) for (k, c), r in zip(looks, rough, strict=True)],
        )

    def highlight(self, record_id: int | None) -> bool:
        """Ring the marker (or frame the span) of ``record_id``; False when it is not drawn."""
        self.highlighted = record_id
        index = next((i for i, r in enumerate(self.rows) if r.id == record_id), None)
        self._ring.setData([], [])
        set_bars(self._frame, [], [], [], [], [], [])
        if index is None:
            return False
        s, y = self.shapes[index], self._lane[index]
        frame = pg.mkPen(theme.current().text, width=2.5)
        if s.how == "marker":
            self._ring.setData([(s.x0 + s.x1) / 2], [y], pen=frame)
        else:
            set_bars(self._frame, [s.x0], [s.x1], [y - 0.4], [0.8], [pg.mkBrush(None)], [frame])
        return True

    def record_at(self, x: float, y: float, pixel: float) -> EventRow | None:
        """The record drawn under (x, y) in data coordinates; ``pixel`` is one pixel in x.

        Where several overlap, the most precise (shortest) one wins, so a day
        marker on top of a month span is the one clicked.
        """
        if not self.rows:
            return None
        reach = HIT_PIXELS * pixel
        hits = np.flatnonzero(
            (np.abs(self._lane - y) <= 0.4) & (self._x0 - reach <= x) & (x <= self._x1 + reach)
        )
        markers = [i for i in hits if self.shapes[i].how == "marker"]
        if markers:
            return self.rows[min(markers, key=lambda i: abs((self._x0[i] + self._x1[i]) / 2 - x))]
        if len(hits) == 0:
            return None
        return self.rows[min(hits, key=lambda i: self._x1[i] - self._x0[i])]

    def positions(self) -> dict[int, tuple[float, float]]:
        """Where each drawn record is (see ``position``), by id."""
        xs = ((self._x0 + self._x1) / 2).tolist()
        return {r.id: (x, y) for r, x, y in zip(self.rows, xs, self._lane.tolist(), strict=True)}

    def lane(self, kind: str) -> float | None:
        """The y of a kind's lane, or None when the kind has no lane."""
        return self._y(kind) if kind in self.lanes else None

    def position(self, record_id: int) -> tuple[float, float] | None:
        """Where the marker of a drawn record is (its centre for a span), in data coordinates."""
        for row, s, y in zip(self.rows, self.shapes, self._lane, strict=True):
            if row.id == record_id:
                return (s.x0 + s.x1) / 2, float(y)
        return None

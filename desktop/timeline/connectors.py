"""Links on the events view: a connector per link styled by relation, a fulfils chain as one bar."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from bilateral.db.timeline_links import Chain, LinkRow
from bilateral.desktop.common import theme
from bilateral.desktop.timeline import periods
from bilateral.desktop.timeline.bars import empty_bars, set_bars
from bilateral.desktop.timeline.money import usd

_Pen = Qt.PenStyle
# relation: colour (a role of the theme), width, line style. Those that say a thing
# happened (or is one with another) are solid or faint; those that answer a claim are coloured.
RELATION_STYLES = {
    "part-of": ("faint", 1.0, _Pen.SolidLine),
    "fulfils": ("text", 2.0, _Pen.SolidLine),
    "denies": ("denies", 1.6, _Pen.DashLine),
    "confirms": ("confirms", 1.6, _Pen.DashLine),
    "responds-to": ("text", 1.6, _Pen.DotLine),
    "same-as": ("faint", 1.2, _Pen.DashLine),
    "supersedes": ("faint", 1.2, _Pen.DashLine),
}
# A relation read from its target's side: the report is "denied by" the denial.
PASSIVE = {
    "part-of": "has part",
    "fulfils": "fulfilled by",
    "denies": "denied by",
    "confirms": "confirmed by",
    "responds-to": "answered by",
    "supersedes": "superseded by",
    "same-as": "same as",
}
# Two events on one lane are joined by a bent line rising this far (in lanes), so
# the connector is not hidden along the lane itself.
BUMP = 0.3
# Connectors with the same two ends (two responses dated to one month) are fanned
# out this many pixels apart at their apex, so that each stays visible.
SPREAD_PIXELS = 24
HIT_PIXELS = 5
# The chain bar runs just under its final stage's lane, clear of the lane's spans.
CHAIN_OFFSET, CHAIN_HEIGHT = 0.46, 0.09
# Drawn between the spans (z 0) and the markers (z 2).
CONNECTOR_Z = 1
# Text items are costly to lay out; only this many chains in view get their label.
LABEL_LIMIT = 60


class ConnectorsView:
    """One curve per relation, made once, holding every connector of that relation as pairs."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.links: list[LinkRow] = []
        self._curves: dict[str, pg.PlotCurveItem] = {}
        for relation in RELATION_STYLES:
            curve = pg.PlotCurveItem()
            curve.setZValue(CONNECTOR_Z)
            plot.addItem(curve, ignoreBounds=True)
            self._curves[relation] = curve
        self.apply_theme()
        # Each connector as two segments: start -> apex and apex -> end.
        self._points = np.zeros((0, 3, 2))

    def apply_theme(self) -> None:
        """Colour each relation's curve from the palette's theme."""
        colors = theme.current()
        for relation, (role, width, style) in RELATION_STYLES.items():
            pen = pg.mkPen(getattr(colors, role), width=width)
            pen.setStyle(style)
            self._curves[relation].setPen(pen)

    def show(self, links: list[LinkRow], positions: dict[int, tuple[float, float]]) -> None:
        """Draw the ``links`` whose two ends are drawn; ``positions`` maps record id to (x, y)."""
        self.links = [k for k in links if k.source_id in positions and k.target_id in positions]
        start = np.array([positions[k.source_id] for k in self.links]).reshape(-1, 2)
        end = np.array([positions[k.target_id] for k in self.links]).reshape(-1, 2)
        apex = (start + end) / 2
        apex[:, 1] += np.where(np.abs(start[:, 1] - end[:, 1]) < 0.01, BUMP, 0.0)
        apex[:, 0] += self._spread(start, end)
        self._points = np.stack([start, apex, end], axis=1)
        relations = np.array([k.relation for k in self.links], dtype=object)
        for relation, curve in self._curves.items():
            chosen = self._points[relations == relation]
            # start-apex, apex-end: as pairs of points, 4 per connector
            pairs = chosen[:, [0, 1, 1, 2]].reshape(-1, 2)
            curve.setData(x=pairs[:, 0], y=pairs[:, 1], connect="pairs")

    def _spread(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """How far in x to move each apex so that connectors with equal ends fan out."""
        if not len(start):
            return np.zeros(0)
        ends = np.concatenate([start, end], axis=1).round(6)
        _, group, sizes = np.unique(ends, axis=0, return_inverse=True, return_counts=True)
        group = group.reshape(-1)
        # The k-th of n connectors with the same ends sits at (k - (n - 1) / 2) steps.
        order = np.argsort(group, kind="stable")
        rank = np.empty(len(group))
        rank[order] = np.arange(len(group)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        pixel = self.plot.vb.viewPixelSize()[0] or 0.0
        return (rank - (sizes[group] - 1) / 2) * SPREAD_PIXELS * pixel

    def lines_of(self, record_id: int, titles: dict[int, str], most: int = 6) -> list[str]:
        """Hover lines for a record's drawn links: 'denies: <title>' for what it links to,
        'denied by: <title>' for what links to it (a claim's responses)."""
        lines = []
        for link in self.links:
            if link.source_id == record_id:
                lines.append(f"{link.relation}: {titles.get(link.target_id, link.target_uid)}")
            elif link.target_id == record_id:
                source = titles.get(link.source_id, link.source_uid)
                lines.append(f"{PASSIVE.get(link.relation, link.relation)}: {source}")
        if len(lines) > most:
            lines[most - 1 :] = [f"and {len(lines) - most + 1} more links"]
        return lines

    def counts(self) -> dict[str, int]:
        """How many connectors of each relation are drawn."""
        found: dict[str, int] = {}
        for link in self.links:
            found[link.relation] = found.get(link.relation, 0) + 1
        return found

    def link_at(self, x: float, y: float, pixel: tuple[float, float]) -> LinkRow | None:
        """The link whose connector passes within a few pixels of (x, y), if any."""
        if not self.links:
            return None
        scale = np.array(pixel, dtype=float)
        point = np.array([x, y]) / scale
        best, nearest = None, HIT_PIXELS
        for a, b in ((0, 1), (1, 2)):
            p, q = self._points[:, a] / scale, self._points[:, b] / scale
            d = q - p
            length = np.maximum((d**2).sum(axis=1), 1e-12)
            t = np.clip(((point - p) * d).sum(axis=1) / length, 0, 1)
            distance = np.hypot(*(p + t[:, None] * d - point).T)
            i = int(np.argmin(distance))
            if distance[i] <= nearest:
                best, nearest = i, distance[i]
        return self.links[best] if best is not None else None


def describe_link(link: LinkRow, titles: dict[int, str]) -> str:
    """Hover text for a connector: which record states what of which."""
    source = titles.get(link.source_id, link.source_uid)
    target = titles.get(link.target_id, link.target_uid)
    return f"{link.source_date} {source}\n{link.relation}\n{link.target_date} {target}"


class ChainsView:
    """Fulfils chains as thin bars from the first stage to the final one, with their money."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.chains: list[Chain] = []
        self._bars = empty_bars()
        self._bars.setZValue(CONNECTOR_Z)
        plot.addItem(self._bars)
        self._labels: list[pg.TextItem] = []
        self._x0 = self._x1 = self._y = np.zeros(0)

    def show(self, chains: list[Chain], lanes: dict[str, float]) -> None:
        """Draw ``chains`` on the lane of their final stage's kind (``lanes``: kind -> y)."""
        self.chains = [c for c in chains if c.final_kind in lanes]
        self._x0 = np.array([periods.date_span(c.first_date)[0] for c in self.chains])
        self._x1 = np.array([periods.date_span(c.final_date)[1] for c in self.chains])
        self._y = np.array([lanes[c.final_kind] - CHAIN_OFFSET for c in self.chains])
        if self.chains:
            # One pen and brush for all: pyqtgraph then draws every bar in one call.
            color = theme.current().text
            self._bars.setOpts(
                x0=self._x0,
                x1=self._x1,
                y0=self._y,
                height=np.full(len(self.chains), CHAIN_HEIGHT),
                pen=pg.mkPen(color),
                brush=pg.mkBrush(color),
                pens=None,
                brushes=None,
            )
        else:
            set_bars(self._bars, [], [], [], [], [], [])
        self.show_labels(*self.plot.vb.viewRange()[0])

    def show_labels(self, x0: float, x1: float) -> None:
        """Label the chains with money whose bar overlaps [x0, x1], at most LABEL_LIMIT."""
        seen = np.flatnonzero((self._x0 < x1) & (self._x1 > x0))
        texts = [(i, label(self.chains[i])) for i in seen]
        texts = [(i, text) for i, text in texts if text][:LABEL_LIMIT]
        # Text items are made as needed, then kept and reused across redraws.
        while len(self._labels) < len(texts):
            item = pg.TextItem(anchor=(0.5, 1))
            item.setZValue(CONNECTOR_Z)
            self.plot.addItem(item, ignoreBounds=True)
            self._labels.append(item)
        color = theme.current().text
        for item, (i, text) in zip(self._labels, texts, strict=False):
            item.setText(text, color=color)
            # Above the middle of the bar, between the stages at its two ends.
            item.setPos((self._x0[i] + self._x1[i]) / 2, self._y[i] + CHAIN_HEIGHT)
            item.show()
        for item in self._labels[len(texts) :]:
            item.hide()

    def labels(self) -> list[str]:
        """The texts of the chain labels shown."""
        return [item.toPlainText() for item in self._labels if item.isVisible()]

    def extents(self) -> list[tuple[float, float]]:
        """[x0, x1) of each chain bar drawn, in seconds."""
        return list(zip(self._x0.tolist(), self._x1.tolist(), strict=True))

    def chain_at(self, x: float, y: float, pixel: tuple[float, float]) -> Chain | None:
        """The chain whose bar is under (x, y), a few pixels either way."""
        if not self.chains:
            return None
        reach_x, reach_y = HIT_PIXELS * pixel[0], HIT_PIXELS * pixel[1]
        hits = np.flatnonzero(
            (self._x0 - reach_x <= x)
            & (x <= self._x1 + reach_x)
            & (self._y - reach_y <= y)
            & (y <= self._y + CHAIN_HEIGHT + reach_y)
        )
        return self.chains[int(hits[0])] if len(hits) else None


def label(chain: Chain) -> str:
    """The money of a chain, once: '$100 M' (empty when its final stage has none)."""
    return f"${usd(chain.amount_usd)}" if chain.amount_usd else ""


def describe_chain(chain: Chain) -> str:
    """Hover text for a chain bar: its stages and where its money counts."""
    money = f"{label(chain)} counted once, at" if chain.amount_usd else "no money; final stage"
    return (
        f"{len(chain.uids)} stages linked by fulfils, {chain.first_date} to {chain.final_date}\n"
        f"{money} {chain.final_status} ({chain.final_date})"
    )

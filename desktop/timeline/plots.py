"""The three stacked timeline plots on one date axis, with hover text and clicks on records."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Qt, Signal

from bilateral.db.parties import PartyTable
from bilateral.desktop.common import theme
from bilateral.desktop.timeline import periods
from bilateral.desktop.timeline.activity import ActivityView
from bilateral.desktop.timeline.connectors import (
    ChainsView,
    ConnectorsView,
    describe_chain,
    describe_link,
)
from bilateral.desktop.timeline.counts import CountAxis
from bilateral.desktop.timeline.dateaxis import DateAxis
from bilateral.desktop.timeline.events import EventsView, describe
from bilateral.desktop.timeline.hover import HoverTip
from bilateral.desktop.timeline.money import MoneyView, UsdAxis

LEFT_AXIS_WIDTH = 92
MIN_X_RANGE = 10 * periods.DAY
ROW_PIXELS = 40  # preferred height of one part of fit_rows' shares


def _plot(layout: pg.GraphicsLayout, row: int, left: pg.AxisItem | None = None) -> pg.PlotItem:
    axes = {"bottom": DateAxis("bottom")}
    if left is not None:
        axes["left"] = left
    plot = layout.addPlot(row=row, col=0, axisItems=axes)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
    # Time pans and zooms; the y axes are scaled to what is in view.
    plot.setMouseEnabled(x=True, y=False)
    plot.vb.setLimits(minXRange=MIN_X_RANGE)
    return plot


class TimelinePlots(QObject):
    """Activity, events and money, x-linked, in one GraphicsLayoutWidget."""

    recordClicked = Signal(int)
    rangeChanged = Signal(float, float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.widget = pg.GraphicsLayoutWidget()
        layout = self.widget.ci
        layout.setSpacing(2)
        self.activity = ActivityView(_plot(layout, 0, left=CountAxis("left")))
        self.events = EventsView(_plot(layout, 1))
        self.connectors = ConnectorsView(self.events.plot)
        self.chains = ChainsView(self.events.plot)
        self.money = MoneyView(_plot(layout, 2, left=UsdAxis("left")))
        self.fit_rows(4)
        for view in (self.activity, self.events):
            view.plot.setXLink(self.money.plot)
            view.plot.getAxis("bottom").setStyle(showValues=False)
        self.tips = {view: HoverTip(view.plot) for view in self.views}
        self.apply_theme()
        #: The database's parties, so that hover text names them (the panel sets it).
        self.party_table: PartyTable | None = None
        scene = self.widget.scene()
        scene.sigMouseMoved.connect(self._on_moved)
        scene.sigMouseClicked.connect(self._on_clicked)
        self.money.plot.vb.sigXRangeChanged.connect(self._on_range)

    @property
    def views(self) -> tuple:
        """The three views, top to bottom."""
        return (self.activity, self.events, self.money)

    def fit_rows(self, lanes: int) -> None:
        """Share the height so that the events view grows with its lanes (one per kind)."""
        # Activity and money keep 3 parts each; the lanes up to 6, as tall as both.
        for stretch, view in zip((3, min(max(4, lanes), 6), 3), self.views, strict=True):
            self.widget.ci.layout.setRowStretchFactor(self.views.index(view), stretch)
            # The layout shares a short height by preferred sizes, not stretch.
            view.plot.setPreferredHeight(stretch * ROW_PIXELS)
            view.plot.setMinimumHeight(0)

    def apply_theme(self) -> None:
        """Background, axes and lines in the palette's colours (light or dark)."""
        colors = theme.current()
        self.widget.setBackground(colors.background)
        for view in self.views:
            for name in ("left", "bottom"):
                axis = view.plot.getAxis(name)
                axis.setPen(colors.faint)
                axis.setTextPen(colors.muted)
        self.connectors.apply_theme()
        self.money.apply_theme()

    def x_range(self) -> tuple[float, float]:
        """The visible time range in seconds."""
        x0, x1 = self.money.plot.vb.viewRange()[0]
        return float(x0), float(x1)

    def set_x_range(self, x0: float, x1: float) -> None:
        """Show the time range [x0, x1] in seconds."""
        self.money.plot.setXRange(x0, x1, padding=0)

    def _on_range(self, _vb, x_range) -> None:
        self.activity.fit_height(*x_range)
        self.rangeChanged.emit(float(x_range[0]), float(x_range[1]))

    def _view_at(self, scene_pos: QPointF):
        for view in self.views:
            if view.plot.vb.sceneBoundingRect().contains(scene_pos):
                return view, view.plot.vb.mapSceneToView(scene_pos)
        return None, None

    def hide_tips(self) -> None:
        """Hide every hover label."""
        for tip in self.tips.values():
            tip.hide()

    def hover_text(self, scene_pos: QPointF) -> str:
        """What hovering at ``scene_pos`` shows (and shows it); empty when nothing is there."""
        self.hide_tips()
        view, point = self._view_at(scene_pos)
        if view is None:
            return ""
        x, y = point.x(), point.y()
        text = self._describe(view, x, y)
        if text:
            self.tips[view].show(text, x, y)
        return text

    def _describe(self, view, x: float, y: float) -> str:
        pixel = view.plot.vb.viewPixelSize()
        if view is self.events:
            return self._describe_event(x, y, (pixel[0], pixel[1]))
        if view is self.money:
            point = self.money.point_at(x, y, pixel)
            return self.money.describe(point) if point else ""
        return self.activity.describe_at(x, y)

    def _describe_event(self, x: float, y: float, pixel: tuple[float, float]) -> str:
        """A record under the pointer wins over a chain bar, and a chain over a connector."""
        row = self.events.record_at(x, y, pixel[0])
        titles = {r.id: r.title for r in self.events.rows}
        if row:
            lines = self.connectors.lines_of(row.id, titles)
            return "\n".join([describe(row, self.party_table), *lines])
        chain = self.chains.chain_at(x, y, pixel)
        if chain:
            return describe_chain(chain)
        link = self.connectors.link_at(x, y, pixel)
        if link:
            return describe_link(link, titles)
        return ""

    def record_at(self, scene_pos: QPointF) -> int | None:
        """The id of the record drawn at ``scene_pos`` in the events view, if any."""
        view, point = self._view_at(scene_pos)
        if view is not self.events:
            return None
        row = self.events.record_at(point.x(), point.y(), view.plot.vb.viewPixelSize()[0])
        return row.id if row else None

    def kind_at(self, scene_pos: QPointF) -> str | None:
        """The kind of the bar or the record drawn at ``scene_pos``, if any."""
        view, point = self._view_at(scene_pos)
        if view is self.activity:
            bar = self.activity.bar_at(point.x(), point.y())
            return bar.kind if bar else None
        if view is self.events:
            pixel = view.plot.vb.viewPixelSize()[0]
            row = self.events.record_at(point.x(), point.y(), pixel)
            return row.kind if row else None
        return None

    def scene_pos(self, record_id: int) -> QPointF | None:
        """Where the marker of a drawn record is in scene coordinates."""
        position = self.events.position(record_id)
        if position is None:
            return None
        return self.events.plot.vb.mapViewToScene(QPointF(*position))

    def _on_moved(self, scene_pos: QPointF) -> None:
        self.hover_text(scene_pos)

    def _on_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        record_id = self.record_at(event.scenePos())
        if record_id is not None:
            event.accept()
            self.recordClicked.emit(record_id)

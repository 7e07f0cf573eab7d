"""A hover label for a plot: plain text in a box near the pointer, kept inside the view."""

from __future__ import annotations

import pyqtgraph as pg

from bilateral.desktop.common import theme


class HoverTip:
    """One text item per plot, created once, moved and filled as the pointer moves."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        # TextItem.setText uses setPlainText, so user text is never read as HTML.
        self.item = pg.TextItem()
        self.item.setZValue(100)
        self.item.hide()
        plot.addItem(self.item, ignoreBounds=True)

    def show(self, text: str, x: float, y: float) -> None:
        """Show ``text`` at (x, y) in data coordinates, on the side with more room."""
        (x0, x1), (y0, y1) = self.plot.viewRange()
        # Anchored below the point when it is in the top half, above it otherwise.
        self.item.setAnchor((0 if x < (x0 + x1) / 2 else 1, 0 if y > (y0 + y1) / 2 else 1))
        colors = theme.current()  # read at each show, so a change of theme is followed
        self.item.fill = pg.mkBrush(theme.faded(colors.tip_background, 235))
        self.item.border = pg.mkPen(colors.muted)
        self.item.setText(text, color=colors.tip_text)
        self.item.setPos(x, y)
        self.item.show()

    def hide(self) -> None:
        """Hide the label."""
        self.item.hide()

    @property
    def text(self) -> str:
        """The text shown (empty when hidden)."""
        return self.item.textItem.toPlainText() if self.item.isVisible() else ""

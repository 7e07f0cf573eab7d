"""Filling a pyqtgraph BarGraphItem safely, including with no bars at all."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPen


def empty_bars() -> pg.BarGraphItem:
    """A bar item with no bars, to be filled later with ``set_bars``."""
    return pg.BarGraphItem(x0=[], x1=[], y0=[], height=[], pen=None, brush=None)


def set_bars(
    item: pg.BarGraphItem,
    x0: Sequence[float],
    x1: Sequence[float],
    y0: Sequence[float],
    height: Sequence[float],
    brushes: Sequence[QBrush],
    pens: Sequence[QPen],
) -> None:
    """Replace the bars of ``item``; one brush and one pen per bar."""
    if not len(x0):
        # pyqtgraph cannot take empty pen and brush lists, so no bars get no colours.
        item.setOpts(x0=[], x1=[], y0=[], height=[], pens=None, brushes=None, pen=None, brush=None)
        return
    item.setOpts(
        x0=np.asarray(x0, dtype=float),
        x1=np.asarray(x1, dtype=float),
        y0=np.asarray(y0, dtype=float),
        height=np.asarray(height, dtype=float),
        pens=list(pens),
        brushes=list(brushes),
    )

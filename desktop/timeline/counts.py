"""Count axes that show whole numbers only, ticks that never overprint, and lane ticks."""

from __future__ import annotations

import math

import pyqtgraph as pg

# Labels on a left axis at least this many pixels apart: a line of text and some air.
TICK_PIXELS = 18


def spaced(levels: list, low: float, high: float, size: float) -> list:
    """The tick levels whose labels stand TICK_PIXELS apart on an axis ``size`` pixels long.

    pyqtgraph writes its minor levels even on a plot a few lines high, one over another.
    """
    span = high - low
    if span <= 0 or size <= 0 or not levels:
        return levels
    kept = [(s, v) for s, v in levels if s * size / span >= TICK_PIXELS]
    if kept:
        return kept
    # Even the major ticks are too close: keep every k-th of them.
    step, values = levels[0]
    k = math.ceil(TICK_PIXELS / (step * size / span))
    return [(step * k, [v for v in values if round(v / step) % k == 0])]


class CountAxis(pg.AxisItem):
    """A left axis for counts of records: ticks only at whole numbers, never at 2.5."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 - pyqtgraph naming
        levels = []
        for spacing, values in super().tickValues(minVal, maxVal, size):
            if spacing < 1:
                continue
            whole = [v for v in values if abs(v - round(v)) < 1e-9]
            if whole:
                levels.append((spacing, whole))
        if not levels:
            # Zoomed in below one record per tick: the whole numbers in range, if any.
            levels = [(1.0, [float(v) for v in range(math.ceil(minVal), math.floor(maxVal) + 1)])]
        return spaced(levels, minVal, maxVal, size)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph naming
        return [f"{round(v * scale):d}" for v in values]


def whole_step(top: float, most: int = 2) -> int:
    """A whole-number tick step (1, 2, 5, 10, 20 …) giving at most ``most`` ticks up to ``top``."""
    step = 1
    while top / step > most:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 → 50 …
            step = round(step * factor)
            if top / step <= most:
                break
    return step


def lane_ticks(bottom: float, top_count: float, height: float = 1.0) -> list[tuple[float, str]]:
    """Whole-number ticks of one lane whose ``height`` stands for ``top_count`` records."""
    whole = math.floor(top_count + 1e-9)
    if whole < 1:
        return []
    step = whole_step(whole)
    values = list(range(step, whole + 1, step))
    # The lane's top count itself, unless it would crowd the tick below it.
    if whole - values[-1] >= step / 2:
        values.append(whole)
    return [(bottom + v / top_count * height, str(v)) for v in values]

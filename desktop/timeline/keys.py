"""The timeline from the keyboard: zoom and pan keys, a focus frame, and a spoken summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from bilateral.desktop.timeline.loader import View

ZOOM_STEP = 1.5  # each + or − shows two thirds, or one and a half times, of the range
PAN_STEP = 0.1  # an arrow moves a tenth of the range; PageUp/PageDown the whole range
# A frame only while the plot has the focus; palette(highlight) follows the theme.
FOCUS_FRAME = (
    "QGraphicsView { border: 2px solid transparent; }"
    "QGraphicsView:focus { border: 2px solid palette(highlight); }"
)
NAME = "Timeline"


class Zooming:
    """Zoom and pan a plot's time range, given how to read and set it."""

    def __init__(
        self,
        x_range: Callable[[], tuple[float, float]],
        set_x_range: Callable[[float, float], None],
    ) -> None:
        self.x_range, self.set_x_range = x_range, set_x_range

    def zoom(self, factor: float) -> None:
        """Show ``factor`` times the range about its middle (under 1 zooms in)."""
        x0, x1 = self.x_range()
        middle, half = (x0 + x1) / 2, (x1 - x0) * factor / 2
        self.set_x_range(middle - half, middle + half)

    def zoom_in(self) -> None:
        """Show two thirds of the range."""
        self.zoom(1 / ZOOM_STEP)

    def zoom_out(self) -> None:
        """Show one and a half times the range."""
        self.zoom(ZOOM_STEP)

    def pan(self, fraction: float) -> None:
        """Move the range by ``fraction`` of its width (negative: earlier)."""
        x0, x1 = self.x_range()
        step = (x1 - x0) * fraction
        self.set_x_range(x0 + step, x1 + step)


class PlotKeys(QObject):
    """Answers +/−, the arrows, PageUp/PageDown and Home on the plot widget."""

    def __init__(self, widget: QWidget, zooming: Zooming, fit: Callable[[], None]) -> None:
        super().__init__(widget)
        self.zooming, self.fit = zooming, fit
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.setStyleSheet(FOCUS_FRAME)
        widget.setAccessibleName(NAME)
        widget.setToolTip(
            "Click or Tab here, then: + and − zoom, ← and → move, "
            "PageUp and PageDown move a whole view, Home shows all"
        )
        widget.installEventFilter(self)
        K = Qt.Key
        self.keys: dict[int, Callable[[], None]] = {
            K.Key_Plus: zooming.zoom_in,
            K.Key_Equal: zooming.zoom_in,
            K.Key_Minus: zooming.zoom_out,
            K.Key_Underscore: zooming.zoom_out,
            K.Key_Left: lambda: zooming.pan(-PAN_STEP),
            K.Key_Right: lambda: zooming.pan(PAN_STEP),
            K.Key_PageUp: lambda: zooming.pan(-1),
            K.Key_PageDown: lambda: zooming.pan(1),
            K.Key_Home: fit,
        }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            # Ctrl and the others are left to the menus' shortcuts (Ctrl++ and so on).
            plain = event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
            )
            step = self.keys.get(event.key())
            if step is not None and plain == Qt.KeyboardModifier.NoModifier:
                step()
                return True
        return super().eventFilter(watched, event)


def describe_view(shown: str, years: str, view: View, kinds: Sequence[str] = ()) -> str:
    """'China – Cuba, 2019–2023: 14 records; visit 6, aid 2': what the plots show in words.

    The kinds are counted from the records drawn when all are, else from the bars.
    """
    if view.events and len(view.events) == view.events_total:
        counts = Counter(row.kind for row in view.events)
    else:
        counts = Counter()
        for row in view.activity:
            counts[row.kind] += row.records
    total = view.events_total or sum(counts.values())
    order = {kind: i for i, kind in enumerate(kinds)}
    by_kind = sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], 0)))
    noun = "record" if total == 1 else "records"
    text = f"{shown}, {years}: {total:,} {noun}"
    if by_kind:
        text += "; " + ", ".join(f"{kind} {count:,}" for kind, count in by_kind)
    return text + f". Bars per {view.period}."

"""Python's cyclic garbage collection kept on the UI thread, where Qt objects may be deleted."""

from __future__ import annotations

import gc

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

INTERVAL_MS = 1000


class MainThreadCollector(QObject):
    """Turns off automatic collection and collects from a timer on the main thread instead.

    Left automatic, a collection runs in whatever thread happens to allocate, so a
    worker validating an import can end up deleting a widget or a signal object
    of the main thread, which crashes Qt.

    The timer runs only while a window is shown or a long task holds it (``hold``):
    once every window is hidden or minimised it collects a last time and stops, and a
    window shown again (``follow_window``) or the application activated starts it.
    Garbage made meanwhile waits; no worker collects it.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._holds = 0
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._on_state)

    def collect(self) -> None:
        """Collect the generations whose thresholds were passed, as automatic collection would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def tick(self) -> None:
        """Collect, and stop the timer when nothing is shown and nothing holds it."""
        self.collect()
        if not self.needed():
            self.timer.stop()

    def needed(self) -> bool:
        """Whether the timer should run: a window is shown (not minimised) or a task holds it."""
        return self._holds > 0 or any(
            widget.isVisible() and not widget.isMinimized()
            for widget in QApplication.topLevelWidgets()
        )

    def hold(self) -> None:
        """Keep collecting, even with every window hidden, until ``release``: a task is running."""
        self._holds += 1
        self.timer.start()

    def release(self) -> None:
        """End one ``hold``."""
        self._holds = max(0, self._holds - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        # A window followed (follow_window) was shown, hidden, minimised or restored.
        if event.type() in _SHOWN_OR_HIDDEN:
            if self.needed():
                if not self.timer.isActive():
                    self.timer.start()
            else:
                self.tick()
        return False

    def _on_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.timer.start()


_SHOWN_OR_HIDDEN = (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.WindowStateChange)


def follow_window(window: QWidget) -> None:
    """Start and stop the application's collector as ``window`` is shown, hidden, minimised
    or restored, which not every platform reports as a change of the application's state."""
    collector = getattr(QApplication.instance(), "collector", None)
    if collector is not None:
        window.installEventFilter(collector)

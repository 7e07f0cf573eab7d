"""Python's cyclic garbage collection kept on the UI thread, where Qt objects may be deleted."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class MainThreadCollector(QObject):
    """Turns off automatic collection and collects from a timer on the main thread instead.

    Left automatic, a collection runs in whatever thread happens to allocate, so a
    worker validating an import can end up deleting a widget or a signal object
    of the main thread, which crashes Qt.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        """Collect the generations whose thresholds were passed, as automatic collection would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

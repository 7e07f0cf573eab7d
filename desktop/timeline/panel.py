"""The timeline panel: activity, events and money of the current filter on one date axis."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from db.query import Filter


class TimelinePanel(QWidget):
    """Three linked plots of the records that match the filter (first version: a placeholder)."""

    recordActivated = Signal(int)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = Path(db_path)
        self._where = Filter()
        self._label = QLabel("Timeline", self)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)

    def set_database(self, db_path: Path) -> None:
        """Show the records of another database."""
        self._path = Path(db_path)
        self.refresh()

    def set_filter(self, where: Filter) -> None:
        """Show the records that match ``where``."""
        self._where = where
        self.refresh()

    def highlight_record(self, record_id: int | None) -> None:
        """Highlight the marker of ``record_id`` and bring it into view (None clears)."""

    def refresh(self) -> None:
        """Redraw from the database after its data changed."""

    def export_image(self, path: Path) -> None:
        """Save the plots as PNG or SVG, chosen by the file suffix."""
        raise NotImplementedError("export arrives with the plots")

"""The record dialog's panel for a save refused because another program changed the record."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from bilateral.db.errors import RecordChanged
from bilateral.db.records import Record

WIDTH = 60


def shown_value(value: object) -> str:
    """A field's value as one short line: lists by their entries, long text cut."""
    if isinstance(value, list):
        names = [getattr(v, "name", None) or getattr(v, "title", None) or str(v) for v in value]
        text = f"{len(value)} entries: {', '.join(map(str, names[:3]))}" if value else "none"
    else:
        text = "empty" if value in ("", None) else str(value)
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def describe(conflict: RecordChanged, yours: Record) -> str:
    """What changed meanwhile, field by field: yours against what is stored now."""
    if conflict.current is None:
        return (
            "Another program deleted this record while you were editing it. "
            "Your input is kept: save it again as a record, or keep editing."
        )
    lines = [
        f"{field}: yours “{shown_value(getattr(yours, field))}”, "
        f"now stored “{shown_value(getattr(conflict.current, field))}”"
        for field in conflict.fields
    ]
    return (
        "Another program changed this record while you were editing it:\n"
        + "\n".join(lines)
        + "\nChoose what to keep."
    )


class ConflictPanel(QFrame):
    """Shows a refused save and offers: overwrite with mine, load the stored version, keep editing."""

    overwrite = Signal()
    load = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.overwrite_button = QPushButton("Overwrite with mine")
        self.load_button = QPushButton("Load the stored version (discard mine)")
        self.keep_button = QPushButton("Keep editing")
        self.overwrite_button.clicked.connect(self.overwrite)
        self.load_button.clicked.connect(self.load)
        self.keep_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        for button in (self.overwrite_button, self.load_button, self.keep_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.hide()

    def show_conflict(self, conflict: RecordChanged, yours: Record) -> None:
        """Say what changed; a deleted record can only be saved again, not loaded."""
        gone = conflict.current is None
        self.text.setText(describe(conflict, yours))
        self.overwrite_button.setText("Save mine again" if gone else "Overwrite with mine")
        self.load_button.setVisible(not gone)
        self.show()

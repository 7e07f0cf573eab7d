"""The panel's own controls: bar period, pair comparison, show all and export."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from bilateral.desktop.common import file_names, theme
from bilateral.desktop.common.accessibility import label_for
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.timeline.export import FORMATS

PERIOD_CHOICES = (
    ("Auto", None),
    ("Year", "year"),
    ("Quarter", "quarter"),
    ("Month", "month"),
    ("Day", "day"),
)


def message_label(parent: QWidget) -> QLabel:
    """The centred plain-text message shown instead of empty axes."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("font-size: 12pt;")
    label.setAutoFillBackground(True)
    label.setBackgroundRole(QPalette.ColorRole.Base)
    return label


class Toolbar(QWidget):
    """A row of controls above the plots; it only emits what the user chose."""

    periodChosen = Signal(object)  # 'year' … 'day', or None for automatic
    comparisonChosen = Signal(list)  # pair texts as typed
    ownScaleChosen = Signal(bool)  # compared pairs each on their own count scale
    moneyLogChosen = Signal(bool)  # the money plot on a log scale
    moneyPerPeriodChosen = Signal(bool)  # the money plot per bar period, not running totals
    fitRequested = Signal()
    exportRequested = Signal(str)  # a file path ending in .png or .svg

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.period = QComboBox(self)
        for text, value in PERIOD_CHOICES:
            self.period.addItem(text, value)
        self.period.setToolTip("How long each activity bar is; Auto follows the zoom")
        self.period.currentIndexChanged.connect(
            lambda _: self.periodChosen.emit(self.period.currentData())
        )
        self.compare = QLineEdit(self)
        self.compare.setPlaceholderText("other pairs, e.g. RUS-CUB, USA-CUB")
        self.compare.setMaximumWidth(360)
        self.compare.setClearButtonEnabled(True)
        self.compare.editingFinished.connect(self._on_compare)
        self.own_scale = QCheckBox("&Own scale per pair", self)
        self.own_scale.setToolTip(
            "When comparing: scale each pair's lane to its own tallest bar"
            " (shapes compare) instead of one shared scale (sizes compare)"
        )
        self.own_scale.toggled.connect(self.ownScaleChosen.emit)
        self.money_log = QCheckBox("&Log money scale", self)
        self.money_log.setToolTip(
            "Draw the money counted on a log scale, so that one large sum"
            " does not flatten the smaller ones"
        )
        self.money_log.toggled.connect(self.moneyLogChosen.emit)
        self.money_per_period = QCheckBox("&Money per period", self)
        self.money_per_period.setToolTip(
            "Draw the money counted in each period of the bars (a year, a month…)"
            " instead of the running total"
        )
        self.money_per_period.toggled.connect(self.moneyPerPeriodChosen.emit)
        #: The file name the export dialog suggests; the panel names it after what is shown.
        self.suggest_name: Callable[[], str] = lambda: "timeline.png"
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        theme.tint(self.problem, "error")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(label_for("&Bars per", self.period))
        layout.addWidget(self.period)
        layout.addSpacing(12)
        layout.addWidget(label_for("&Compare", self.compare))
        layout.addWidget(self.compare, 1)
        layout.addWidget(self.own_scale)
        layout.addWidget(self.money_log)
        layout.addWidget(self.money_per_period)
        layout.addWidget(self.problem)
        layout.addStretch(0)
        self.buttons: list[QToolButton] = []
        for text, tip, handler in (
            ("Show &all", "Fit the time axis to every matching record", self.fitRequested.emit),
            ("Export &image…", "Save the timeline as PNG or SVG", self._on_export),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(handler)
            layout.addWidget(button)
            self.buttons.append(button)

    def _on_compare(self) -> None:
        pairs = [p for p in re.split(r"[,;]", self.compare.text()) if p.strip()]
        self.comparisonChosen.emit(pairs)

    def _on_export(self) -> None:
        filters = ";;".join(f"{name} (*{suffix})" for suffix, name in FORMATS.items())
        settings = Settings()  # the folder is the one the File menu's dialogs use too
        start = file_names.start_path(settings, self.suggest_name())
        path, chosen = QFileDialog.getSaveFileName(self, "Export timeline", start, filters)
        if path:
            file_names.remember_folder(settings, Path(path))
            # The format chosen in the dialog wins over a suffix left from the suggestion.
            suffix = next((sfx for sfx, name in FORMATS.items() if chosen.startswith(name)), "")
            if suffix and not path.lower().endswith(suffix):
                path = str(Path(path).with_suffix(suffix))
            self.exportRequested.emit(path)

    def show_period(self, period: str | None) -> None:
        """Show ``period`` as chosen, without emitting periodChosen again."""
        index = self.period.findData(period)
        if index >= 0 and index != self.period.currentIndex():
            self.period.blockSignals(True)
            self.period.setCurrentIndex(index)
            self.period.blockSignals(False)

    def show_problem(self, text: str) -> None:
        """Show what was wrong with the last input (empty clears it)."""
        self.problem.setText(text)

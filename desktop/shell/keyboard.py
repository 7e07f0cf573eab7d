"""The window from the keyboard: a Tab order that follows the screen, the search box's keys,
and the timeline's zoom on the View menu."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QDockWidget, QLineEdit, QMenu, QTabWidget, QToolButton, QWidget

from bilateral.desktop.common.accessibility import name
from bilateral.desktop.records.detail import DetailPane
from bilateral.desktop.records.filter_bar import FilterBar
from bilateral.desktop.records.history_pane import HistoryPane
from bilateral.desktop.records.pairs import PairList
from bilateral.desktop.records.records_table import RecordsTable
from bilateral.desktop.shell.actions import ActionId as A
from bilateral.desktop.timeline.panel import TimelinePanel

TO_RESULTS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down)


class Window(Protocol):
    """What the keyboard needs from the main window."""

    filter_bar: FilterBar
    pairs: PairList
    table: RecordsTable
    detail: DetailPane
    detail_tabs: QTabWidget
    history: HistoryPane
    timeline: TimelinePanel
    timeline_dock: QDockWidget
    action_map: dict[A, QAction]
    menus: dict[str, QMenu]


class FieldKeys(QObject):
    """Esc empties a filter field (and applies at once); Enter or ↓ in the search box
    goes to the records found."""

    def __init__(self, window: Window) -> None:
        super().__init__(window.filter_bar)
        self.window = window
        bar = window.filter_bar
        for edit in (bar.pair, bar.since, bar.until, bar.text):
            edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if (
            not isinstance(watched, QLineEdit)
            or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            return False
        if event.key() == Qt.Key.Key_Escape and watched.text():
            watched.clear()
            self.window.filter_bar.apply()
            return True
        if watched is self.window.filter_bar.text and event.key() in TO_RESULTS:
            self.window.filter_bar.apply()  # what was typed, without waiting for the pause
            table = self.window.table
            table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not table.currentIndex().isValid() and table.model().rowCount():
                table.select_row(0)
            return True
        return False


def tab_order(window: Window) -> list[QWidget]:
    """The controls in the order Tab visits them: the filter bar left to right, the pairs,
    the records, the record's details, then the timeline's controls and plot."""
    bar, toolbar = window.filter_bar, window.timeline.toolbar
    return [
        bar.pair,
        bar.kinds,
        bar.since,
        bar.until,
        bar.statuses,
        bar.text,
        bar.clear_button,
        window.pairs,
        window.table,
        window.detail,
        window.detail_tabs.tabBar(),
        window.history.list,
        window.history.revert_button,
        toolbar.period,
        toolbar.compare,
        toolbar.own_scale,
        toolbar.money_log,
        *toolbar.buttons,
        window.timeline.plots.widget,
    ]


def install(window: Window) -> FieldKeys:
    """Set the Tab order, the filter fields' keys and the View menu's zoom entries."""
    chain = tab_order(window)
    for first, second in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(first, second)
    zooming, actions = window.timeline.zooming, window.action_map
    actions[A.ZOOM_IN].triggered.connect(zooming.zoom_in)
    actions[A.ZOOM_OUT].triggered.connect(zooming.zoom_out)
    actions[A.ZOOM_FIT].triggered.connect(window.timeline.show_all)
    view = window.menus["view"]
    for action in view.actions():
        # The dock's and the tool bar's own entries are named after their titles.
        if action is window.timeline_dock.toggleViewAction():
            action.setText("&Timeline")
        elif action.text() == "Tools":
            action.setText("Tool&bar")
    # Qt's » buttons, shown when the menus or tools do not fit, have no name of their own.
    for button_name, text in (
        ("qt_menubar_ext_button", "More menus"),
        ("qt_toolbar_ext_button", "More tools"),
    ):
        for button in window.findChildren(QToolButton, button_name):  # type: ignore[attr-defined]
            name(button, text)
    view.addSeparator()
    for action_id in (A.ZOOM_IN, A.ZOOM_OUT, A.ZOOM_FIT):
        view.addAction(actions[action_id])
    return FieldKeys(window)

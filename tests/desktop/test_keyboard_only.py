"""The window used with the keyboard alone: Tab leaves the tables, the search box and the
timeline answer their keys, and a whole session needs no mouse event."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from bilateral.desktop.records.records_model import Column
from bilateral.desktop.shell.actions import ActionId
from bilateral.desktop.timeline.keys import ZOOM_STEP

CTRL = Qt.KeyboardModifier.ControlModifier


def _key(widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, modifier)


def _titles(window) -> list[str]:
    return [window.model.index(r, Column.TITLE).data() for r in range(window.model.rowCount())]


def _width(window) -> float:
    x0, x1 = window.timeline.plots.x_range()
    return x1 - x0


def test_tab_goes_from_the_records_to_the_details_in_one_press(window):
    window.table.setFocus()
    _key(window.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.detail


def test_tab_leaves_every_table_and_list_of_the_window(window):
    views = (window.table, window.pairs, window.history.list)
    assert [view.tabKeyNavigation() for view in views] == [False, False, False]


def test_tab_follows_the_screen_from_the_filter_bar_to_the_records(window):
    bar = window.filter_bar
    bar.pair.setFocus()
    seen = [bar.pair]
    for _ in range(8):
        _key(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    expected = [bar.pair, bar.kinds, bar.since, bar.until, bar.statuses, bar.text]
    expected += [bar.clear_button, window.pairs, window.table]
    assert seen == expected


def test_escape_clears_the_search_and_shows_every_record_again(window, qtbot):
    everything = window.model.rowCount()
    window.action_map[ActionId.FIND].trigger()
    QTest.keyClicks(window.filter_bar.text, "espionage")
    _key(window.filter_bar.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() < everything)
    window.filter_bar.text.setFocus()
    _key(window.filter_bar.text, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.rowCount() == everything)
    assert window.filter_bar.text.text() == ""


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Down])
def test_enter_or_down_in_the_search_goes_to_the_records_found(window, qtbot, key):
    window.action_map[ActionId.FIND].trigger()
    QTest.keyClicks(window.filter_bar.text, "espionage")
    _key(window.filter_bar.text, key)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert (QApplication.focusWidget(), window.table.current_record_id() is not None) == (
        window.table,
        True,
    )


def _drawn(window, qtbot, step) -> None:
    with qtbot.waitSignal(window.timeline.drawn, timeout=5000):
        step()


def test_the_timeline_zooms_pans_and_fits_from_its_keys(window, qtbot):
    plot = window.timeline.plots.widget
    qtbot.waitUntil(lambda: not window.timeline.is_loading())
    plot.setFocus()
    fitted = window.timeline.plots.x_range()
    _key(plot, Qt.Key.Key_Plus)
    zoomed = _width(window)
    start = window.timeline.plots.x_range()[0]
    _key(plot, Qt.Key.Key_Left)
    panned = window.timeline.plots.x_range()[0] - start
    _key(plot, Qt.Key.Key_Minus)
    out = _width(window)
    _key(plot, Qt.Key.Key_Home)
    assert (
        round((fitted[1] - fitted[0]) / zoomed, 3),
        round(panned / zoomed, 3),
        round(out / zoomed, 3),
        window.timeline.plots.x_range() == pytest.approx(fitted),
    ) == (ZOOM_STEP, -0.1, ZOOM_STEP, True)


def test_the_plot_takes_the_focus_and_has_a_name_and_a_summary(window, qtbot):
    plot = window.timeline.plots.widget
    qtbot.waitUntil(lambda: "records" in plot.accessibleDescription())
    assert (
        plot.focusPolicy() == Qt.FocusPolicy.StrongFocus,
        ":focus" in plot.styleSheet(),
        plot.accessibleName(),
        plot.accessibleDescription().startswith("China – Cuba, "),
        "18 records; statement 4" in plot.accessibleDescription(),
    ) == (True, True, "Timeline", True, True)


def test_the_summary_follows_the_zoom(window, qtbot):
    plot = window.timeline.plots.widget
    qtbot.waitUntil(lambda: "18 records" in plot.accessibleDescription())
    before = plot.accessibleDescription()
    for _ in range(4):
        window.timeline.zooming.zoom_in()
    qtbot.waitUntil(lambda: plot.accessibleDescription() != before, timeout=5000)
    assert "18 records" not in plot.accessibleDescription()


def test_the_view_menu_zooms_the_timeline_with_its_shortcuts(window, qtbot):
    actions = window.action_map
    view_menu_actions = window.menus["view"].actions()
    listed = [actions[a] in view_menu_actions for a in (ActionId.ZOOM_IN, ActionId.ZOOM_OUT)]
    qtbot.waitUntil(lambda: not window.timeline.is_loading())
    window.table.setFocus()
    fitted = _width(window)
    _key(window.table, Qt.Key.Key_Plus, CTRL)
    zoomed = _width(window)
    _key(window.table, Qt.Key.Key_0, CTRL)
    assert (listed, round(fitted / zoomed, 3), _width(window) == pytest.approx(fitted)) == (
        [True, True],
        ZOOM_STEP,
        True,
    )


def test_no_two_actions_share_a_shortcut(window):
    # A widget's own shortcut (Copy on the records and on the pair list) acts only
    # while that widget has the focus: two of them never compete.
    def scope(action: QAction) -> object:
        own = action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
        return id(action.parent()) if own else "window"

    keys = Counter(
        (sequence.toString(), scope(action))
        for action in window.findChildren(QAction)
        for sequence in action.shortcuts()
    )
    assert {k: n for k, n in keys.items() if n > 1} == {}


def _type(dialog, text: str = "", tabs: int = 1) -> None:
    """Type into the focused field, pick from a type-ahead with Enter, then Tab on."""
    if text:
        QTest.keyClicks(dialog.focusWidget(), text)
        completer = getattr(dialog.focusWidget(), "completer", lambda: None)()
        if completer is not None and completer.popup().isVisible():
            _key(completer.popup(), Qt.Key.Key_Return)
    for _ in range(tabs):
        _key(dialog.focusWidget(), Qt.Key.Key_Tab)


def _back_to(window, qtbot) -> None:
    # What the window manager does as a dialog closes; the offscreen platform has none.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _answer_the_next_question_with_enter() -> None:
    # The period question is modal: Enter is pressed once it is up.
    QTimer.singleShot(0, lambda: _key(QApplication.activeModalWidget(), Qt.Key.Key_Return))


def test_search_open_add_zoom_and_export_with_the_keyboard_alone(
    window, qtbot, tmp_path, monkeypatch
):
    # Search, and go to what was found.
    _key(window, Qt.Key.Key_F, CTRL)
    QTest.keyClicks(QApplication.focusWidget(), "espionage")
    _key(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    found = _titles(window)
    # Open the record with Enter, and close it with Esc.
    with qtbot.waitSignal(window.editing.dialogOpened) as opened:
        _key(QApplication.focusWidget(), Qt.Key.Key_Return)
    record_dialog = opened.args[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is record_dialog)
    opened_title = record_dialog.form.title.text()
    _key(record_dialog.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not record_dialog.isVisible())
    _back_to(window, qtbot)
    # Clear the search with Esc, then add a record.
    _key(window, Qt.Key.Key_F, CTRL)
    _key(QApplication.focusWidget(), Qt.Key.Key_Escape)
    with qtbot.waitSignal(window.editing.dialogOpened) as opened:
        _key(window, Qt.Key.Key_N, CTRL)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    _type(dialog, "China (CHN)")
    _type(dialog, "Cuba")
    _type(dialog, tabs=2)  # no other parties; one-way
    _type(dialog, "agr")  # the kind, by typing
    _type(dialog, "2024-03-01", tabs=0)
    _key(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # &Title
    _type(dialog, "Keyboard-only accord", tabs=0)
    _key(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Keyboard-only accord" in _titles(window))
    _back_to(window, qtbot)
    # Zoom the timeline in from the keyboard.
    qtbot.waitUntil(lambda: not window.timeline.is_loading())
    before = _width(window)
    _key(window, Qt.Key.Key_Plus, CTRL)
    zoomed = _width(window)
    # Export the summary from the File menu: Alt+F, then its letter.
    out = tmp_path / "summary.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    _key(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    menu = window.menus["file"]
    qtbot.waitUntil(menu.isVisible)
    _answer_the_next_question_with_enter()
    _key(QApplication.activePopupWidget() or menu, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.files.task is not None and window.files.task.done)
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert (
        found,
        opened_title,
        round(before / zoomed, 3),
        [(r["period"], r["kind"], r["records"]) for r in rows if r["period"] == "2024"],
    ) == (
        ["Report: China has used Cuba for espionage since at least 1992"],
        "Report: China has used Cuba for espionage since at least 1992",
        ZOOM_STEP,
        [("2024", "agreement", "1")],
    )

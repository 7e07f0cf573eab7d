"""The main window on the seed data: pairs, table, filter and detail pane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bilateral.db import query


def test_window_opens_on_the_seed_data_and_lists_the_pairs(window):
    assert window.pairs.pairs() == ["CHN-CUB", "BLR-CUB"]


def test_selecting_a_pair_fills_the_table(window, seeded_db, qtbot):
    item = window.pairs.topLevelItem(2)  # after 'All pairs' and China–Cuba
    rect = window.pairs.visualItemRect(item)
    QTest.mouseClick(window.pairs.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.model.ids() == query.list_ids(seeded_db, query.Filter(pair="BLR-CUB"))


def test_typing_in_the_search_field_narrows_the_table(window, seeded_db, qtbot):
    before = window.model.rowCount()
    QTest.keyClicks(window.filter_bar.text, "espionage")
    expected = query.list_ids(seeded_db, query.Filter(pair="CHN-CUB", text="espionage"))
    qtbot.waitUntil(lambda: window.model.ids() == expected)
    assert 0 < len(expected) < before

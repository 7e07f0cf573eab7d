"""The pair field takes one party ('Cuba'): the window shows every record it is in."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from bilateral.db import query
from bilateral.desktop.records.records_model import Column


def _involving(window, code: str) -> set[int]:
    return set(query.list_ids(window.db, query.Filter(pair=code)))


def _type_pair(qtbot, window, text: str) -> None:
    window.filter_bar.pair.clear()
    QTest.keyClicks(window.filter_bar.pair, text)
    window.filter_bar.apply()


def _counts(window) -> dict[str, str]:
    pairs = window.pairs
    return {
        pairs.topLevelItem(i).text(0): pairs.topLevelItem(i).text(1)
        for i in range(pairs.topLevelItemCount())
    }


def test_a_country_alone_shows_every_record_it_is_in(qtbot, window):
    _type_pair(qtbot, window, "Cuba")
    cuba = _involving(window, "CUB")
    qtbot.waitUntil(lambda: set(window.model.ids()) == cuba)
    sides = {window.model.index(r, Column.SIDES).data() for r in range(window.model.rowCount())}
    assert (
        window.current_filter().pair,
        window.filter_bar.pair.styleSheet(),
        len(cuba) > len(_involving(window, "CHN-CUB")),
        all("CUB" in s for s in sides),
    ) == ("CUB", "", True, True)


def test_the_pair_lists_counts_stay_those_of_every_pair(qtbot, window):
    window.filter_bar.set_pair("")
    qtbot.waitUntil(lambda: window.current_filter().pair == "")
    before = _counts(window)
    _type_pair(qtbot, window, "CUB")
    qtbot.waitUntil(lambda: window.current_filter().pair == "CUB")
    assert (_counts(window), window.pairs.current_pair()) == (before, "")


def test_a_record_added_in_a_partys_view_starts_with_it_as_actor(qtbot, window):
    _type_pair(qtbot, window, "Cuba")
    qtbot.waitUntil(lambda: window.current_filter().pair == "CUB")
    dialog = window.editing.add()
    assert (dialog.form.actor.text(), dialog.form.partner.text()) == ("Cuba (CUB)", "")
    dialog.reject()


def test_the_timeline_draws_a_partys_view(qtbot, window):
    with qtbot.waitSignal(window.timeline.drawn, timeout=5000):
        _type_pair(qtbot, window, "Cuba")
    assert (window.timeline.is_empty(), window.timeline.export_title().split(",")[0]) == (
        False,
        "Cuba",
    )


def test_an_export_of_a_partys_view_is_named_after_it(qtbot, window, monkeypatch):
    started = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda _p, _c, start, _f, *a, **k: (started.append(start), ("", ""))[1]),
    )
    _type_pair(qtbot, window, "Cuba")
    window.files.export_records()
    today = datetime.date.today().isoformat()
    assert Path(started[0]).name == f"cuba-records-{today}"


def test_a_name_that_is_no_party_is_marked_and_left_out(qtbot, window):
    _type_pair(qtbot, window, "Narnia")
    assert (window.current_filter().pair, window.filter_bar.pair.styleSheet() != "") == ("", True)


def test_compare_in_a_partys_view_compares_the_pairs_typed(qtbot, window):
    _type_pair(qtbot, window, "Cuba")
    qtbot.waitUntil(lambda: window.current_filter().pair == "CUB")
    toolbar = window.timeline.toolbar
    toolbar.compare.setText("CHN-CUB, BLR-CUB")
    toolbar._on_compare()
    assert (window.timeline.comparison(), toolbar.problem.text()) == (("CHN-CUB", "BLR-CUB"), "")

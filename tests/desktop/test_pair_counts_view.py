"""The pair list counts what each pair's view holds under the filters in the bar."""

from __future__ import annotations

from bilateral.desktop.records.pairs import PairRole


def _counts(window) -> dict[str, str]:
    pairs = window.pairs
    return {
        pairs.topLevelItem(i).data(0, PairRole): pairs.topLevelItem(i).text(1)
        for i in range(pairs.topLevelItemCount())
    }


def test_counts_follow_the_kinds_filter_and_come_back(window):
    before = _counts(window)
    assert before == {"": "19", "CHN-CUB": "18", "BLR-CUB": "1"}
    window.filter_bar.kinds.set_checked(["aid"])
    window.filter_bar.apply()
    assert _counts(window) == {"": "2", "CHN-CUB": "2", "BLR-CUB": "0"}
    # The pair list is in the same order, and picking a pair keeps the counts.
    window.filter_bar.set_pair("BLR-CUB")
    assert _counts(window) == {"": "2", "CHN-CUB": "2", "BLR-CUB": "0"}
    assert window.pairs.current_pair() == "BLR-CUB"
    window.filter_bar.clear()
    assert _counts(window) == before


def test_counts_follow_the_text_and_dates(window, qtbot):
    window.filter_bar.since.setText("2023-11")
    window.filter_bar.apply()
    counts = _counts(window)
    # No seed record has other parties, so each counts in its own pair alone.
    assert int(counts["CHN-CUB"]) + int(counts["BLR-CUB"]) == int(counts[""])
    assert int(counts["CHN-CUB"]) < 18
    # What the count says is what the table shows for the pair.
    window.filter_bar.set_pair("CHN-CUB")
    qtbot.waitUntil(lambda: window.model.rowCount() == int(counts["CHN-CUB"]))

"""On a large database the table shows the first page at once, then the whole result."""

from __future__ import annotations

from bilateral.db.query import Filter, list_ids
from bilateral.desktop.records import search


def test_first_page_comes_before_the_whole_result(qtbot, seeded_db, monkeypatch):
    monkeypatch.setattr(search, "SYNC_LIMIT", 0)  # treat the seed data as a large database
    finder = search.IdSearch(seeded_db)
    previews = []
    finder.preview.connect(previews.append)
    with qtbot.waitSignal(finder.ready, timeout=5000) as result:
        finder.set_filter(Filter(text="Marrero"))
    expected = list_ids(seeded_db, Filter(text="Marrero"))
    assert previews == [expected[:100]]
    assert result.args[0] == expected

"""View ▸ Fold parts under their trip: the table shows a trip with its parts folded under it."""

from __future__ import annotations

from bilateral.db.query import Filter, list_ids
from bilateral.db.records import get_record, record_id_for_uid
from bilateral.desktop.common import settings as keys
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.records import search
from bilateral.desktop.records.records_model import Column
from bilateral.desktop.shell.actions import ActionId as A
from bilateral.desktop.shell.main_window import MainWindow

TOUR = "seed-chn-cub-marrero-tour-2023"
TOUR_TITLE = "Marrero's week-long official visit to China"
HANGZHOU = "seed-chn-cub-hangzhou-meetings-2023"
XI_MEETING = "seed-chn-cub-xi-marrero-meeting-2023"
XI_STATEMENT = "seed-chn-cub-xi-statement-2023"
PARTS = 6  # the tour's five parts, and the statement within the Xi meeting


def _titles(window) -> list[str]:
    model = window.model
    return [model.data(model.index(row, Column.TITLE)) for row in range(model.rowCount())]


def _uids(window) -> set[str]:
    return {get_record(window.db, record_id).uid for record_id in window.model.ids()}


def _fold(window, on: bool = True) -> None:
    window.action_map[A.FOLD_PARTS].setChecked(on)


def test_folding_is_off_until_asked_for(window):
    assert not window.action_map[A.FOLD_PARTS].isChecked()
    assert window.model.rowCount() == 18
    window.filter_bar.clear()
    assert window.model.rowCount() == 19
    assert window.count_label.text() == "19 of 19 records match"


def test_the_table_shows_the_trip_and_not_its_parts(window):
    window.filter_bar.clear()
    _fold(window)
    assert window.model.rowCount() == 19 - PARTS
    assert TOUR in _uids(window)
    assert not _uids(window) & {HANGZHOU, XI_MEETING, XI_STATEMENT}
    assert f"▸ 5 parts · {TOUR_TITLE}" in _titles(window)
    # The count stays the records the filter matches.
    assert window.count_label.text() == f"19 of 19 records match · {PARTS} parts folded"
    _fold(window, False)
    assert window.model.rowCount() == 19
    assert TOUR_TITLE in _titles(window)


def test_the_timeline_and_summary_never_fold(window):
    _fold(window)
    assert window.search.where.fold_parts
    assert not window.timeline._where.fold_parts


def test_the_option_is_remembered(window, qtbot):
    _fold(window)
    assert Settings().get(keys.FOLD_PARTS) is True
    again = MainWindow(window.db, Settings())
    qtbot.addWidget(again)
    assert again.action_map[A.FOLD_PARTS].isChecked()
    assert again.model.rowCount() == 18 - PARTS
    again.close()


def test_show_parts_lists_them_under_the_trip_and_folds_them_again(window):
    _fold(window)
    tour = record_id_for_uid(window.db, TOUR)
    assert window.table.select_record(tour)
    window.action_map[A.SHOW_PARTS].trigger()
    row = window.model.row_of(tour)
    titles = _titles(window)
    assert titles[row] == f"▾ 5 parts · {TOUR_TITLE}"
    assert all(title.startswith("    ↳ ") for title in titles[row + 1 : row + 6])
    assert window.table.current_record_id() == tour
    window.action_map[A.SHOW_PARTS].trigger()
    assert window.model.rowCount() == 18 - PARTS


def test_show_parts_on_a_record_without_parts_says_so(window):
    _fold(window)
    window.table.select_row(0)
    window.action_map[A.SHOW_PARTS].trigger()
    assert "no parts folded" in window.statusBar().currentMessage()


def test_a_folded_part_clicked_in_the_detail_pane_is_selected(window):
    _fold(window)
    # The statement is two levels down: within the Xi meeting, within the tour.
    window.select_uid(XI_STATEMENT)
    assert window.table.current_record_id() == record_id_for_uid(window.db, XI_STATEMENT)
    assert {XI_MEETING, XI_STATEMENT, HANGZHOU} <= _uids(window)
    assert not window.outside_button.isVisible()


def test_a_part_just_saved_shows_under_its_trip(window):
    _fold(window)
    hangzhou = record_id_for_uid(window.db, HANGZHOU)
    window.data_changed(hangzhou)
    assert window.table.current_record_id() == hangzhou
    assert not window.outside_button.isVisible()
    assert window.model.row_of(hangzhou) > window.model.row_of(record_id_for_uid(window.db, TOUR))


def test_a_large_database_folds_off_the_ui_thread_too(qtbot, seeded_db, monkeypatch):
    monkeypatch.setattr(search, "SYNC_LIMIT", 0)  # treat the seed data as a large database
    finder = search.IdSearch(seeded_db)
    finder.fold_parts = True
    previews = []
    finder.preview.connect(previews.append)
    with qtbot.waitSignal(finder.ready, timeout=5000) as result:
        finder.set_filter(Filter())
    expected = list_ids(seeded_db, Filter(fold_parts=True))
    assert len(expected) == 19 - PARTS
    assert previews == [expected]
    assert result.args[0] == expected
    assert finder.folded == PARTS


def test_the_context_menu_offers_show_parts(window):
    assert window.action_map[A.SHOW_PARTS] in window.table.actions()

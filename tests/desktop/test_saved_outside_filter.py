"""A record saved where the filter would hide it stays shown and selected, and says so."""

from __future__ import annotations

from typing_helpers import fill_valid, type_into

from bilateral.db import query
from bilateral.db.records import get_record


def _save_new(window, partner: str = "CUB", actor: str = "RUS") -> int:
    dialog = window.editing.add()
    fill_valid(dialog.form)
    type_into(dialog.form.actor, actor)
    type_into(dialog.form.partner, partner)
    dialog.save_button.click()
    return query.list_ids(window.db, query.Filter(text="Rice donation"))[0]


def test_a_record_of_another_pair_is_shown_selected_with_a_way_to_clear_the_filter(window):
    assert window.current_filter().pair == "CHN-CUB"
    record_id = _save_new(window)
    assert get_record(window.db, record_id).pair == "CUB-RUS"
    assert window.table.current_record_id() == record_id
    assert window.model.record_id(0) == record_id
    assert window.outside_button.isVisible()
    assert "outside the filter" in window.count_label.text()
    assert "not among the records the filter shows" in window.statusBar().currentMessage()

    window.outside_button.click()
    assert window.current_filter() == query.Filter()
    assert window.table.current_record_id() == record_id
    assert not window.outside_button.isVisible()
    assert window.model.ids().count(record_id) == 1


def test_an_edit_that_leaves_the_kind_filter_keeps_the_record_selected(window):
    window.filter_bar.kinds.set_checked(["visit"])
    window.filter_bar.apply()
    ids = window.model.ids()
    second = ids[1]
    window.select_record(second)
    dialog = window.editing.edit(second)
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData("statement"))
    form.kind.activated.emit(form.kind.currentIndex())
    dialog.save_button.click()
    assert get_record(window.db, second).kind == "statement"
    assert window.table.current_record_id() == second
    assert window.model.record_id(0) == second
    assert window.outside_button.isVisible()


def test_an_edit_inside_the_filter_keeps_its_row_and_selection(window):
    ids = window.model.ids()
    third = ids[2]
    window.select_record(third)
    dialog = window.editing.edit(third)
    type_into(dialog.form.location, "Havana, again")
    dialog.save_button.click()
    assert window.model.ids() == ids
    assert window.table.current_record_id() == third
    assert not window.outside_button.isVisible()


def test_the_pinned_record_goes_when_the_filter_changes(window):
    record_id = _save_new(window)
    window.filter_bar.set_pair("CHN-CUB")
    assert record_id not in window.model.ids()
    assert not window.outside_button.isVisible()

"""The record dialog's links and claim: add a link by searching for the other record,
remove one, set who claims a record; a bad link is shown beside the links, unsaved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bilateral.db.model import Link
from bilateral.db.records import record_by_uid, record_id_for_uid, update_record

TOUR = "seed-chn-cub-marrero-tour-2023"
MEETING = "seed-chn-cub-li-qiang-meeting-2023"
TOUR_TITLE = "Marrero's week-long official visit to China"


@pytest.fixture(autouse=True)
def unlinked_meeting(seeded_db):
    """The seed's Li Qiang meeting with no links, for the dialog to add one."""
    meeting = record_by_uid(seeded_db, MEETING)
    meeting.links = []
    update_record(seeded_db, meeting.id, meeting)


def _edit(window, uid: str):
    return window.editing.edit(record_id_for_uid(window.db, uid))


def _pick(dialog, text: str, relation: str = "part-of") -> list[str]:
    """Type ``text`` into the link search and pick its first match; the matches offered."""
    editor = dialog.form.links
    editor.relation.setCurrentIndex(editor.relation.findData(relation))
    QTest.keyClicks(editor.search, text)
    offered = editor.search.completer().model().stringList()
    if offered:
        editor.search.setText(offered[0])  # what choosing it in the type-ahead does
    return offered


def test_searching_offers_matching_records_but_not_the_record_itself(window):
    dialog = _edit(window, TOUR)
    offered = _pick(dialog, "marrero")
    assert offered and all(TOUR not in entry for entry in offered)
    assert any(MEETING in entry for entry in offered)


def test_a_link_added_by_search_is_saved(window):
    dialog = _edit(window, MEETING)
    assert TOUR in _pick(dialog, "week-long")[0]
    dialog.form.links.add_button.click()
    table = dialog.form.links.table
    assert (table.item(0, 0).text(), table.item(0, 1).text()) == (
        "part-of",
        f"{TOUR_TITLE} ({TOUR})",
    )
    dialog.save_button.click()
    assert record_by_uid(window.db, MEETING).links == [Link("part-of", TOUR)]


def test_enter_on_a_picked_record_adds_the_link_without_saving(window):
    dialog = _edit(window, MEETING)
    _pick(dialog, "week-long")
    QTest.keyClick(dialog.form.links.search, Qt.Key.Key_Return)
    assert (dialog.form.links.table.rowCount(), dialog.isVisible()) == (1, True)
    assert record_by_uid(window.db, MEETING).links == []


def test_a_record_opens_with_its_links_titled_and_one_can_be_removed(window, seeded_db):
    meeting = record_by_uid(seeded_db, MEETING)
    meeting.links = [Link("part-of", TOUR)]
    update_record(seeded_db, meeting.id, meeting)
    dialog = _edit(window, MEETING)
    links = dialog.form.links
    assert links.table.item(0, 1).text() == f"{TOUR_TITLE} ({TOUR})"
    links.table.selectRow(0)
    links.remove_button.click()
    dialog.save_button.click()
    assert record_by_uid(seeded_db, MEETING).links == []


def test_a_cycle_is_shown_beside_the_links_and_nothing_is_saved(window, seeded_db):
    meeting = record_by_uid(seeded_db, MEETING)
    meeting.links = [Link("part-of", TOUR)]
    update_record(seeded_db, meeting.id, meeting)
    dialog = _edit(window, TOUR)
    _pick(dialog, "Li Qiang")
    dialog.form.links.add_button.click()
    dialog.save_button.click()
    label = dialog.problem_label("links")
    assert ("make a cycle" in label.text(), label.isVisible(), dialog.isVisible()) == (
        True,
        True,
        True,
    )
    assert record_by_uid(seeded_db, TOUR).links == []


def test_the_claim_and_who_claims_it_are_saved(window, seeded_db):
    dialog = _edit(window, TOUR)
    form = dialog.form
    form.claim_status.setCurrentIndex(form.claim_status.findData("disputed"))
    form.claim_status.activated.emit(form.claim_status.currentIndex())
    QTest.keyClicks(form.claimed_by, "U.S. officials")
    dialog.save_button.click()
    stored = record_by_uid(seeded_db, TOUR)
    assert (stored.claim_status, stored.claimed_by) == ("disputed", "U.S. officials")


@pytest.mark.parametrize("uid", [TOUR, "seed-chn-cub-spy-base-report-2023"])
def test_a_record_opens_with_its_claim(window, seeded_db, uid):
    stored = record_by_uid(seeded_db, uid)
    dialog = _edit(window, uid)
    assert dialog.form.claim_status.currentData() == stored.claim_status
    assert dialog.has_typed_input() is False


def test_the_dialog_says_which_records_link_to_this_one(window):
    label = _edit(window, "seed-chn-cub-donation-2022").form.links.linked_from
    assert (
        label.text()
        == "Linked from: fulfils China's 700 million yuan donation to Cuba is formalised"
    )
    assert label.isVisible()

"""Deleting a record others link to asks first, naming them, and removes the links with
it; Undo brings the record and the links back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from bilateral.db.links import linked_from
from bilateral.db.model import Link
from bilateral.db.records import record_by_uid, record_id_for_uid, update_record
from bilateral.desktop.records.editing import delete_question

TOUR = "seed-chn-cub-marrero-tour-2023"
MEETING = "seed-chn-cub-li-qiang-meeting-2023"
XI = "seed-chn-cub-xi-marrero-meeting-2023"


@pytest.fixture
def linked(window, seeded_db):
    for uid in (MEETING, XI):
        record = record_by_uid(seeded_db, uid)
        record.links = [Link("part-of", TOUR)]
        update_record(seeded_db, record.id, record)
    return window


def _question(window) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    return boxes[0] if boxes else None


def _answer(box: QMessageBox, text: str) -> None:
    (button,) = [b for b in box.buttons() if b.text() == text]
    button.click()


def _exists(db, uid: str) -> bool:
    return record_id_for_uid(db, uid) is not None


def test_the_question_names_the_records_that_link_to_it(linked):
    linked.editing.delete(record_id_for_uid(linked.db, TOUR))
    text = _question(linked).text()
    # The seed's trip: five parts and Wang Wenbin's answer.
    assert "6 records link to “Marrero's week-long official visit to China”" in text
    assert "Li Qiang meets Manuel Marrero in Shanghai (part-of)" in text
    assert "Xi Jinping meets Manuel Marrero in Beijing (part-of)" in text


def test_cancel_deletes_nothing(linked):
    linked.editing.delete(record_id_for_uid(linked.db, TOUR))
    _answer(_question(linked), "Cancel")
    assert (_exists(linked.db, TOUR), len(linked_from(linked.db, TOUR))) == (True, 6)


def test_delete_removes_the_record_and_the_links_to_it(linked):
    linked.editing.delete(record_id_for_uid(linked.db, TOUR))
    _answer(_question(linked), "Delete")
    assert _exists(linked.db, TOUR) is False
    assert record_by_uid(linked.db, MEETING).links == []
    assert linked.editing.stack.undoText() == "Delete “Marrero's week-long official visit to China”"


def test_undo_restores_the_record_and_the_links_to_it_and_redo_removes_them(linked):
    linked.editing.delete(record_id_for_uid(linked.db, TOUR))
    _answer(_question(linked), "Delete")
    linked.editing.undo()
    assert _exists(linked.db, TOUR)
    assert [link.uid for link in linked_from(linked.db, TOUR)] == [
        "seed-chn-cub-wang-wenbin-statement-2023",
        "seed-chn-cub-hangzhou-meetings-2023",
        MEETING,
        "seed-chn-cub-shanghai-agreements-2023",
        "seed-chn-cub-ciie-2023",
        XI,
    ]
    assert record_by_uid(linked.db, MEETING).links == [Link("part-of", TOUR)]
    linked.editing.redo()
    assert (_exists(linked.db, TOUR), record_by_uid(linked.db, XI).links) == (False, [])


def test_undo_keeps_a_record_s_other_links_in_their_place(linked, seeded_db):
    xi = record_by_uid(seeded_db, XI)
    xi.links = [Link("part-of", TOUR), Link("responds-to", MEETING)]
    update_record(seeded_db, xi.id, xi)
    linked.editing.delete(record_id_for_uid(linked.db, TOUR))
    _answer(_question(linked), "Delete")
    linked.editing.undo()
    assert record_by_uid(seeded_db, XI).links == xi.links


def test_a_record_nobody_links_to_is_deleted_once_the_user_agrees(linked):
    linked.editing.delete(record_id_for_uid(linked.db, MEETING))
    box = _question(linked)
    assert box.windowTitle() == "Delete a record?"
    assert "Delete 1 record, “Li Qiang meets Manuel Marrero in Shanghai”?" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    _answer(box, "Cancel")
    assert _exists(linked.db, MEETING) and linked.editing.stack.count() == 0
    linked.editing.delete(record_id_for_uid(linked.db, MEETING))
    _answer(_question(linked), "Delete")
    assert not _exists(linked.db, MEETING)
    linked.editing.undo()
    assert record_by_uid(linked.db, MEETING).links == [Link("part-of", TOUR)]


def test_a_long_list_of_linking_records_is_cut_short():
    text = delete_question("T", [("part-of", f"record {n}") for n in range(12)])
    assert ("12 records link to “T”" in text, "… and 2 more" in text) == (True, True)
    assert "record 10" not in text

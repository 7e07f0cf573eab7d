"""The detail pane shows a record's links both ways, a claim's status and responses, and
selects a linked record when its title is clicked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from bilateral.db.model import Link
from bilateral.db.records import record_by_uid, record_id_for_uid, update_record

TOUR = "seed-chn-cub-marrero-tour-2023"
MEETING = "seed-chn-cub-li-qiang-meeting-2023"
REPORT = "seed-chn-cub-spy-base-report-2023"
DENIALS = "seed-chn-cub-china-denial-2023"


def _link(db, uid: str, *links: Link, **fields) -> None:
    record = record_by_uid(db, uid)
    record.links = list(links)
    for name, value in fields.items():
        setattr(record, name, value)
    update_record(db, record.id, record)


def _show(window, qtbot, uid: str) -> str:
    record_id = record_id_for_uid(window.db, uid)
    window.data_changed(record_id)
    qtbot.waitUntil(lambda: window.detail.record is not None and window.detail.record.uid == uid)
    return window.detail.toPlainText()


@pytest.fixture
def linked(window):
    """The window on the seed, which holds a trip with its parts and a claim thread."""
    return window


def test_a_record_shows_what_it_links_to_with_its_title(linked, qtbot):
    text = _show(linked, qtbot, MEETING)
    assert "Links to\npart of: Marrero's week-long official visit to China" in text


def test_a_record_shows_what_links_to_it(linked, qtbot):
    text = _show(linked, qtbot, TOUR)
    assert "Linked from\nresponds to this: Wang Wenbin" in text
    assert "\npart of this: Li Qiang meets Manuel Marrero in Shanghai" in text
    assert "Links to" not in text


def test_a_claim_shows_who_claims_it_and_its_responses(linked, qtbot):
    text = _show(linked, qtbot, REPORT)
    assert "Claim: claimed by The Wall Street Journal — disputed: denied by 2 records" in text
    assert "Responses\nresponds to this: White House" in text
    assert "\ndenies this: China denies the spy base report" in text
    assert "Linked from" not in text


def test_an_established_record_shows_no_claim(linked, qtbot):
    assert "Claim:" not in _show(linked, qtbot, TOUR)


def test_clicking_a_linked_title_selects_that_record(linked, qtbot):
    _show(linked, qtbot, MEETING)
    linked.detail.anchorClicked.emit(QUrl("record:0"))
    tour_id = record_id_for_uid(linked.db, TOUR)
    assert linked.table.current_record_id() == tour_id
    assert linked.detail.record.uid == TOUR


def test_a_made_up_record_anchor_does_nothing(linked, qtbot):
    _show(linked, qtbot, MEETING)
    linked.detail.anchorClicked.emit(QUrl("record:7"))
    assert linked.detail.record.uid == MEETING


def test_a_linked_title_shows_as_typed_and_opens_nothing(linked, seeded_db, qtbot, monkeypatch):
    hostile = '<b>x</b><a href="file:///etc/passwd">link</a>'
    tour = record_by_uid(seeded_db, TOUR)
    tour.title = hostile
    update_record(seeded_db, tour.id, tour)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    text = _show(linked, qtbot, MEETING)
    assert f"part of: {hostile}" in text
    assert 'href="file:' not in linked.detail.toHtml()
    linked.detail.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == []

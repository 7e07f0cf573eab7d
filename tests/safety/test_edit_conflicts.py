"""Saving or undoing over another writer's change is refused, never done silently."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bilateral.db import records
from bilateral.db.errors import RecordChanged
from bilateral.db.records import Record, add_record, count_records, get_record


def _last(db) -> int:
    return db.execute("SELECT max(id) FROM records").fetchone()[0]


def test_a_save_over_a_change_made_since_the_read_raises_record_changed(seeded_db, other):
    record_id = _last(seeded_db)
    read = get_record(seeded_db, record_id)
    records.update_record(other, record_id, replace(read, title="Theirs"))
    with pytest.raises(RecordChanged) as caught:
        records.update_record(seeded_db, record_id, replace(read, title="Mine"), expected=read)
    assert (caught.value.fields, caught.value.current.title) == (["title"], "Theirs")


def test_a_refused_save_writes_nothing(seeded_db, other, figures):
    record_id = _last(seeded_db)
    read = get_record(seeded_db, record_id)
    records.update_record(other, record_id, replace(read, summary="Theirs"))
    stored = get_record(other, record_id)
    with pytest.raises(RecordChanged):
        records.update_record(seeded_db, record_id, replace(read, title="Mine"), expected=read)
    lost = get_record(seeded_db, record_id) != stored
    figures["edit conflicts"]["stale saves refused"] += 1
    figures["edit conflicts"]["other writers' changes lost"] += lost
    assert not lost


def test_a_save_with_the_record_unchanged_since_the_read_goes_through(seeded_db):
    record_id = _last(seeded_db)
    read = get_record(seeded_db, record_id)
    records.update_record(seeded_db, record_id, replace(read, title="Mine"), expected=read)
    assert get_record(seeded_db, record_id).title == "Mine"


def test_a_save_of_a_record_deleted_since_the_read_raises_with_nothing_stored(seeded_db, other):
    record_id = _last(seeded_db)
    read = get_record(seeded_db, record_id)
    records.delete_record(other, record_id)
    with pytest.raises(RecordChanged) as caught:
        records.update_record(seeded_db, record_id, replace(read, title="Mine"), expected=read)
    assert caught.value.current is None


def test_a_delete_of_a_record_changed_since_the_read_is_refused(seeded_db, other):
    record_id = _last(seeded_db)
    read = get_record(seeded_db, record_id)
    records.update_record(other, record_id, replace(read, title="Theirs"))
    with pytest.raises(RecordChanged):
        records.delete_record(seeded_db, record_id, expected=read)
    assert get_record(seeded_db, record_id).title == "Theirs"


def test_a_delete_after_the_id_was_reused_by_another_record_is_refused(seeded_db, other):
    record_id = _last(seeded_db)
    read = get_record(seeded_db, record_id)
    records.delete_record(other, record_id)
    reused = add_record(other, Record("CHN", "CUB", "visit", "2024", "Someone else's"))
    with pytest.raises(RecordChanged):
        records.delete_record(seeded_db, record_id, expected=read)
    assert (reused, get_record(seeded_db, reused).title) == (record_id, "Someone else's")


def test_the_import_call_without_an_expectation_still_updates(seeded_db):
    record_id = _last(seeded_db)
    records.update_record(
        seeded_db, record_id, replace(get_record(seeded_db, record_id), title="T")
    )
    assert (get_record(seeded_db, record_id).title, count_records(seeded_db)) == ("T", 19)


def test_a_record_changed_message_names_the_fields_that_differ(seeded_db, other):
    record_id = _last(seeded_db)
    read = get_record(seeded_db, record_id)
    records.update_record(other, record_id, replace(read, title="Theirs", location="Havana"))
    with pytest.raises(RecordChanged) as caught:
        records.update_record(seeded_db, record_id, read, expected=read)
    assert "changed by another program" in str(caught.value) and "location" in str(caught.value)

"""The full-text index follows every write: add, edit, delete."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bilateral.db.errors import RecordNotFound
from bilateral.db.query import Filter, list_ids
from bilateral.db.records import (
    Participant,
    Record,
    Source,
    add_record,
    delete_record,
    get_record,
    update_record,
)


def found(db, text):
    return list_ids(db, Filter(text=text))


def visit(db, title="T", **lists) -> int:
    """Add a China–Cuba visit with ``title`` and the given lists; return its id."""
    return add_record(
        db, Record(actor="CHN", partner="CUB", kind="visit", date="2024", title=title, **lists)
    )


def test_names_and_quotes_of_a_new_record_are_found(empty_db):
    record_id = visit(
        empty_db,
        participants=[Participant("Zhang Wei")],
        sources=[Source(publisher="P", quote="amber harbour")],
    )
    assert found(empty_db, "zhang") == found(empty_db, "harbour") == [record_id]


def test_an_edit_replaces_the_indexed_words(empty_db):
    record_id = visit(empty_db, sources=[Source(publisher="P", quote="old words")])
    update_record(
        empty_db,
        record_id,
        replace(
            get_record(empty_db, record_id), sources=[Source(publisher="P", quote="new phrasing")]
        ),
    )
    assert (found(empty_db, "old"), found(empty_db, "phrasing")) == ([], [record_id])


def test_a_deleted_record_is_no_longer_found(empty_db):
    record_id = visit(empty_db, "Vanishing")
    delete_record(empty_db, record_id)
    assert found(empty_db, "vanishing") == []


def test_accents_do_not_matter(seeded_db):
    assert found(seeded_db, "diaz canel") == found(seeded_db, "Díaz-Canel") != []


def test_reading_a_deleted_record_says_it_is_not_there(seeded_db):
    delete_record(seeded_db, 1)
    with pytest.raises(RecordNotFound):
        get_record(seeded_db, 1)

"""Renaming a kind and changing its colour, with a revision for each record renamed."""

from __future__ import annotations

import pytest

from bilateral.cli.main import main
from bilateral.db import history
from bilateral.db.errors import InvalidRecord
from bilateral.db.kind_changes import rename_kind, set_kind_color
from bilateral.db.kinds import add_kind, list_kinds
from bilateral.db.model import Record
from bilateral.db.records import add_record, get_record
from bilateral.db.store import open_database


def _kinds(db) -> dict[str, str]:
    return {k.name: k.color for k in list_kinds(db)}


def test_renaming_a_kind_renames_its_records_with_a_revision_each(empty_db):
    add_kind(empty_db, "sanction", "163", 4, "#aa3377")
    ids = [
        add_record(empty_db, Record("USA", "CUB", "sanction", "1962", "Embargo")),
        add_record(empty_db, Record("USA", "CUB", "sanction", "1992", "Cuban Democracy Act")),
    ]
    other = add_record(empty_db, Record("CHN", "CUB", "visit", "2023", "A visit"))
    assert rename_kind(empty_db, "sanction", " Embargo ") == 2
    assert "embargo" in _kinds(empty_db) and "sanction" not in _kinds(empty_db)
    for record_id in ids:
        record = get_record(empty_db, record_id)
        assert record.kind == "embargo"
        last = history.revisions(empty_db, record.uid)[0]  # newest first
        assert (last.operation, last.origin, last.changes["kind"]) == (
            "edit",
            "kinds",
            ["sanction", "embargo"],
        )
    visit = get_record(empty_db, other)
    assert [r.operation for r in history.revisions(empty_db, visit.uid)] == ["create"]


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("visit", "trip", "built-in kind and keeps its name"),
        ("nothing", "trip", "there is no kind"),
        ("sanction", "visit", "exists already"),
        ("sanction", "  ", "enter a name"),
    ],
)
def test_a_refused_rename_changes_nothing(empty_db, old, new, why):
    add_kind(empty_db, "sanction")
    add_record(empty_db, Record("USA", "CUB", "sanction", "1962", "Embargo"))
    before = _kinds(empty_db)
    with pytest.raises(InvalidRecord, match=why):
        rename_kind(empty_db, old, new)
    assert _kinds(empty_db) == before


def test_a_colour_changes_for_any_kind_and_must_be_rrggbb(empty_db):
    set_kind_color(empty_db, "visit", "#123ABC")
    assert _kinds(empty_db)["visit"] == "#123abc"
    with pytest.raises(InvalidRecord, match="#rrggbb"):
        set_kind_color(empty_db, "visit", "blue")
    with pytest.raises(InvalidRecord, match="no kind"):
        set_kind_color(empty_db, "nothing", "#000000")
    assert _kinds(empty_db)["visit"] == "#123abc"


def test_the_command_line_renames_and_recolours(capsys, seeded_path):
    assert main(["kinds", "--db", str(seeded_path), "--add", "sanction"]) == 0
    assert main(["kinds", "--db", str(seeded_path), "--rename", "sanction", "Embargo"]) == 0
    assert main(["kinds", "--db", str(seeded_path), "--set-color", "embargo", "#AA3377"]) == 0
    out = capsys.readouterr().out
    assert "Renamed the kind sanction to embargo (0 records)." in out
    db = open_database(seeded_path)
    assert _kinds(db)["embargo"] == "#aa3377"
    db.close()
    assert main(["kinds", "--db", str(seeded_path), "--rename", "visit", "trip"]) != 0
    assert "built-in kind and keeps its name" in capsys.readouterr().err

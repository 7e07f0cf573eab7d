"""The record dialog shows db/'s validation next to each field, keeps the input and guards Save."""

from __future__ import annotations

import pytest
from typing_helpers import fill_valid, type_into

from bilateral.db import validation
from bilateral.db.records import list_kinds
from bilateral.desktop.records.record_dialog import RecordDialog

# (field typed into, text typed, field whose label shows the problem, words of the message)
BAD_INPUTS = [
    ("partner", "CHN", "partner", "must differ from the actor"),
    ("date", "2023-02-30", "date", "2023-02-30 does not exist"),
    ("end_date", "2023-01", "end_date", "ends before it starts"),
    ("currency", "", "currency", "an amount needs its currency"),
    ("amount", "-5", "amount", "cannot be negative"),
    ("title", "", "title", "enter a title"),
    ("currency", "XYZ", "currency", "'XYZ' is not an ISO 4217 currency"),
    ("amount", "lots", "amount", "must be a number"),
    ("amount", "1e-400", "amount", "too small to store"),
    ("actor", "Atlantis", "actor", "'Atlantis' is not a country"),
    ("other_parties", "Atlantis", "other_parties", "party 1: 'Atlantis' is not a country"),
    ("other_parties", "VEN; Cuba", "other_parties", "party 2 (CUB) is the partner"),
]


@pytest.fixture
def dialog(qtbot, seeded_db):
    """An Add record dialog with a valid record typed in."""
    widget = RecordDialog(list_kinds(seeded_db))
    qtbot.addWidget(widget)
    widget.show()
    fill_valid(widget.form)
    assert widget.validate() == []
    return widget


@pytest.mark.parametrize(("typed_field", "text", "field", "message"), BAD_INPUTS)
def test_dialog_shows_the_problem_next_to_its_field_and_keeps_the_input(
    dialog, typed_field, text, field, message
):
    widget = getattr(dialog.form, typed_field)
    type_into(widget, text)
    label = dialog.problem_label(field)
    assert (
        message in label.text(),
        label.isVisible(),
        label.parentWidget() is getattr(dialog.form, field).parentWidget(),
        dialog.save_button.isEnabled(),
        widget.text(),
    ) == (True, True, True, False, text)


def test_an_amount_in_other_digits_is_refused(dialog):
    # Set rather than typed: the offscreen keyboard has no Arabic-Indic digits.
    dialog.form.amount.setText("\u0661\u0660")
    assert "use the digits 0-9" in " ".join(p.message for p in dialog.validate())


def test_other_parties_typed_by_name_are_stored_by_code_with_their_roles(dialog):
    type_into(dialog.form.other_parties, "Venezuela | co-financier; bolivia")
    record = validation.normalise(dialog.values, dialog.party_table)
    assert [(o.party, o.role) for o in record.other_parties] == [
        ("VEN", "co-financier"),
        ("BOL", ""),
    ]


def test_an_edited_record_shows_its_other_parties_as_typed(qtbot, seeded_db, dialog):
    type_into(dialog.form.other_parties, "VEN | co-financier; BOL")
    again = RecordDialog(list_kinds(seeded_db), validation.normalise(dialog.values))
    qtbot.addWidget(again)
    assert again.form.other_parties.text() == "VEN | co-financier; BOL"


def test_an_edit_keeps_the_goldstein_score_the_form_does_not_show(qtbot, seeded_db):
    from pathlib import Path

    from bilateral.db import gdelt
    from bilateral.db.records import record_by_uid

    sample = Path(__file__).parents[1] / "data" / "gdelt-2.0-sample.export.CSV"
    gdelt.import_gdelt(seeded_db, sample)
    stored = record_by_uid(seeded_db, "gdelt-881991306")
    edit = RecordDialog(list_kinds(seeded_db), stored)
    qtbot.addWidget(edit)
    type_into(edit.form.title, "Bodies found in a truck container in England")
    assert edit.validate() == []
    assert edit.values.goldstein == -9.5 and edit.values.title.startswith("Bodies")

"""The record dialog shows db/'s validation next to each field, keeps the input and guards Save."""

from __future__ import annotations

import pytest
from typing_helpers import fill_valid, type_into

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

"""The record dialog and the detail pane name the CAMEO event beside its code."""

from __future__ import annotations

import pytest
from typing_helpers import fill_valid, type_into

from bilateral.db.records import Record, list_kinds
from bilateral.desktop.records.detail import DetailPane
from bilateral.desktop.records.record_dialog import RecordDialog


@pytest.fixture
def dialog(qtbot, seeded_db):
    widget = RecordDialog(list_kinds(seeded_db))
    qtbot.addWidget(widget)
    widget.show()
    fill_valid(widget.form)  # kind aid, whose code is 070
    return widget


def test_a_typed_code_shows_its_label_beside_the_field(dialog):
    type_into(dialog.form.cameo_code, "057")
    label = dialog.form.cameo_label
    assert (label.text(), label.isVisible()) == ("Sign formal agreement", True)
    assert label.parentWidget() is dialog.form.cameo_code.parentWidget()


def test_the_label_follows_the_code_as_it_is_typed(dialog):
    type_into(dialog.form.cameo_code, "04")
    assert dialog.form.cameo_label.text() == "CONSULT"
    type_into(dialog.form.cameo_code, "042")
    assert dialog.form.cameo_label.text() == "Make a visit"


def test_an_empty_code_shows_the_kinds_code_and_label(dialog):
    type_into(dialog.form.cameo_code, "")
    assert dialog.form.cameo_label.text() == "070: Provide aid, not specified below"
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData("visit"))
    assert form.cameo_label.text() == "042: Make a visit"


def test_a_code_that_lost_its_zero_shows_no_label_and_suggests_the_padded_one(dialog):
    type_into(dialog.form.cameo_code, "70")
    problem = dialog.problem_label("cameo_code")
    assert (dialog.form.cameo_label.text(), problem.isVisible()) == ("", True)
    assert problem.text() == (
        "'70' is not a CAMEO code; did you mean 070 (Provide aid, not specified below)?"
    )
    assert not dialog.save_button.isEnabled()


def test_an_edited_record_shows_the_label_of_its_stored_code(qtbot, seeded_db):
    record = Record(
        actor="CHN", partner="CUB", kind="aid", date="2023", title="T", cameo_code="073", uid="u"
    )
    widget = RecordDialog(list_kinds(seeded_db), record)
    qtbot.addWidget(widget)
    assert widget.form.cameo_label.text() == "Provide humanitarian aid"


def test_the_detail_pane_names_the_cameo_event(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    record = Record(
        actor="CHN", partner="CUB", kind="aid", date="2023", title="T", cameo_code="070", uid="u"
    )
    pane.show_record(record)
    assert "CAMEO 070 (Provide aid, not specified below)" in pane.toPlainText()

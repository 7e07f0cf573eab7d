"""The CAMEO code and quad class follow the kind unless the user set them."""

from __future__ import annotations

import pytest
from typing_helpers import type_into

from bilateral.db.records import get_record, list_kinds, record_id_for_uid, update_record
from bilateral.desktop.records.record_dialog import RecordDialog

VISIT = "seed-chn-cub-diaz-canel-visit-2022"


def _choose_kind(form, kind: str) -> None:
    form.kind.setCurrentIndex(form.kind.findData(kind))
    form.kind.activated.emit(form.kind.currentIndex())


@pytest.fixture
def edit(qtbot, seeded_db):
    def open_dialog(uid: str) -> RecordDialog:
        record = get_record(seeded_db, record_id_for_uid(seeded_db, uid))
        dialog = RecordDialog(list_kinds(seeded_db), record)
        qtbot.addWidget(dialog)
        return dialog

    return open_dialog


def test_changing_the_kind_changes_a_code_the_user_did_not_set(edit):
    dialog = edit(VISIT)
    assert (dialog.values.cameo_code, dialog.values.quad_class) == ("", None)
    assert dialog.form.cameo_label.text() == "042: Make a visit"
    _choose_kind(dialog.form, "aid")
    assert dialog.form.cameo_label.text() == "070: Provide aid, not specified below"
    assert dialog.form.quad_class.itemText(0) == "From the kind: 2 · material cooperation"
    # Saved, an empty code and quad class take the new kind's: db's prepare fills them.
    assert (dialog.values.cameo_code, dialog.values.quad_class) == ("", None)


def test_a_code_the_user_set_stays_when_the_kind_changes(edit, seeded_db):
    record_id = record_id_for_uid(seeded_db, VISIT)
    record = get_record(seeded_db, record_id)
    record.cameo_code, record.quad_class = "043", 2
    update_record(seeded_db, record_id, record)
    dialog = edit(VISIT)
    _choose_kind(dialog.form, "aid")
    assert (dialog.values.cameo_code, dialog.values.quad_class) == ("043", 2)


def test_a_code_typed_in_the_dialog_is_kept(edit):
    dialog = edit(VISIT)
    type_into(dialog.form.cameo_code, "036")
    _choose_kind(dialog.form, "statement")
    assert dialog.values.cameo_code == "036"

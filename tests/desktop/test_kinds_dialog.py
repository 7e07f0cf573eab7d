"""Edit › Kinds…: kinds listed with colour, code and quad; add, rename and recolour from there."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QDialog, QInputDialog

from bilateral.db import history
from bilateral.db.kinds import add_kind
from bilateral.db.model import Record
from bilateral.db.records import add_record, get_record, list_kinds
from bilateral.desktop.records.kinds_dialog import NewKindDialog
from bilateral.desktop.shell.actions import ActionId


@pytest.fixture
def kinds(window):
    window.action_map[ActionId.KINDS].trigger()
    return window.findChild(QDialog, "kinds_dialog")


def _row(dialog, name: str) -> int:
    return next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == name)


def test_the_kinds_are_listed_with_code_quad_and_origin(window, kinds, seeded_db):
    assert "&Kinds…" in [a.text() for a in window.menus["edit"].actions()]
    assert kinds.table.rowCount() == len(list_kinds(seeded_db))
    row = _row(kinds, "visit")
    cells = [kinds.table.item(row, c).text() for c in range(1, 4)]
    assert cells[0].startswith("04") and cells[2] == "built-in"
    assert not kinds.table.item(row, 0).icon().isNull()  # the colour swatch


def test_adding_a_kind(window, kinds, seeded_db, monkeypatch):
    def filled(dialog: NewKindDialog) -> int:
        dialog.name.setText("Sanction")
        dialog.code.setText("163")
        dialog.quad.setCurrentIndex(4)
        dialog.color = "#aa3377"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewKindDialog, "exec", filled)
    kinds.add_button.click()
    added = {k.name: k for k in list_kinds(seeded_db)}["sanction"]
    assert (added.cameo_code, added.quad_class, added.color, added.builtin) == (
        "163",
        4,
        "#aa3377",
        False,
    )
    assert kinds.current_kind() == "sanction"
    # The window read the kinds again: the filter bar offers the new one.
    offered = [a.text() for a in window.filter_bar.kinds.menu().actions() if a.isCheckable()]
    assert "sanction" in offered


def test_a_built_in_kind_cannot_be_renamed_but_takes_a_colour(kinds, seeded_db, monkeypatch):
    kinds.table.setCurrentCell(_row(kinds, "visit"), 0)
    assert not kinds.rename_button.isEnabled() and kinds.color_button.isEnabled()
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a: QColor("#112233")))
    kinds.color_button.click()
    assert {k.name: k.color for k in list_kinds(seeded_db)}["visit"] == "#112233"


def test_renaming_a_users_kind_renames_its_records(window, seeded_db, monkeypatch):
    add_kind(seeded_db, "sanction", "163", 4)
    record_id = add_record(seeded_db, Record("USA", "CUB", "sanction", "1962", "Embargo"))
    window.action_map[ActionId.KINDS].trigger()
    kinds = window.findChild(QDialog, "kinds_dialog")
    kinds.table.setCurrentCell(_row(kinds, "sanction"), 0)
    assert kinds.rename_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("embargo", True)))
    kinds.rename_button.click()
    record = get_record(seeded_db, record_id)
    assert record.kind == "embargo" and kinds.current_kind() == "embargo"
    assert history.revisions(seeded_db, record.uid)[0].changes["kind"] == ["sanction", "embargo"]


def test_a_refused_name_is_said_and_changes_nothing(window, seeded_db, monkeypatch, questions):
    add_kind(seeded_db, "sanction")
    window.action_map[ActionId.KINDS].trigger()
    kinds = window.findChild(QDialog, "kinds_dialog")
    kinds.table.setCurrentCell(_row(kinds, "sanction"), 0)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("visit", True)))
    kinds.rename_button.click()
    (box,) = questions.boxes
    assert "exists already" in box.text()
    assert "sanction" in {k.name for k in list_kinds(seeded_db)}

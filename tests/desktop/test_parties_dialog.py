"""Edit › Parties…: a party added in the window, or by the command line meanwhile, is usable at once."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtTest import QTest
from typing_helpers import fill_valid, type_into

from bilateral.db import parties, query
from bilateral.db.csvfile import import_records
from bilateral.db.model import Record
from bilateral.db.records import add_record, get_record
from bilateral.db.store import open_database
from bilateral.desktop.records.parties_dialog import PartiesDialog
from bilateral.desktop.shell.actions import ActionId as A

CLI = "import sys; from bilateral.cli.main import main; sys.exit(main())"


def _open(window) -> PartiesDialog:
    window.action_map[A.PARTIES].trigger()
    dialog = window.findChild(PartiesDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def _save_with_partner(window, partner: str) -> None:
    """Type a record whose partner is ``partner`` into the record dialog and save it."""
    dialog = window.editing.add()
    fill_valid(dialog.form)
    type_into(dialog.form.partner, partner)
    assert dialog.problem_label("partner").text() == "", dialog.problem_label("partner").text()
    assert dialog.save_button.isEnabled(), dialog.error.text()
    dialog.save_button.click()


def _pair_filter_reads(window, typed: str, pair: str) -> None:
    type_into(window.filter_bar.pair, typed)
    window.filter_bar.apply()
    assert window.filter_bar.filter().pair == pair


def test_a_party_added_in_the_dialog_is_usable_in_the_record_dialog_at_once(window, seeded_db):
    listing = _open(window)
    assert {"BRICS", "EU", "NDB"} <= set(listing.codes())
    add = listing.add()
    type_into(add.code, "alba")
    type_into(add.name, "Bolivarian Alliance")
    add.type.setCurrentText("alliance")
    row = add.add_membership()
    add.members.item(row, 0).setText("Cuba")
    add.members.item(row, 2).setText("2004-12-14")
    add.add_membership("VEN", "observer", "2004", "2010")
    add.save_button.click()
    assert not add.isVisible()
    assert listing.current() == "ALBA"
    shown = listing.table.currentRow()
    assert [listing.table.item(shown, c).text() for c in range(6)] == [
        "ALBA",
        "Bolivarian Alliance",
        "alliance",
        "1",
        "0",
        "1",
    ]
    members = next(p for p in parties.list_parties(seeded_db) if p.code == "ALBA").members
    assert [(m.member, m.role, m.start, m.end) for m in members] == [
        ("CUB", "member", "2004-12-14", ""),
        ("VEN", "observer", "2004", "2010"),
    ]
    # The record dialog offers and accepts it, and the filter bar reads a pair with it.
    record_dialog = window.editing.add()
    assert record_dialog.form.partner.names.get("ALBA") == "Bolivarian Alliance"
    record_dialog.reject()
    _save_with_partner(window, "Bolivarian Alliance")
    ids = query.list_ids(seeded_db, query.Filter(pair="CHN-ALBA", parties=parties.table(seeded_db)))
    assert [get_record(seeded_db, i).partner for i in ids] == ["ALBA"]
    _pair_filter_reads(window, "CHN-ALBA", "ALBA-CHN")


def test_a_bad_party_is_refused_in_the_dialog_with_the_reason(window, seeded_db):
    add = _open(window).add()
    type_into(add.code, "CU")
    type_into(add.name, "Something")
    add.save_button.click()
    assert add.isVisible()
    assert add.error.text() == "'CU' is already the code of Cuba (CUB)"
    assert parties.resolve_party(seeded_db, "Something") is None


def test_a_party_added_by_the_command_line_is_usable_in_the_open_window(
    window, seeded_path, tmp_path, qtbot
):
    window.editing.add().reject()  # the parties were read once already
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CLI,
            "parties",
            "add",
            "ALBA",
            "Bolivarian Alliance",
            "--member",
            "CUB:2004-12-14",
            "--db",
            str(seeded_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    _save_with_partner(window, "ALBA")
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "actor,partner,kind,date,title\nVEN,ALBA,statement,2024-03,Support for ALBA\n",
        encoding="utf-8",
    )
    assert import_records(window.db, rows).added == 1
    # The window notices the other program's change and its pair filter reads the party.
    qtbot.waitUntil(lambda: "ALBA" in (window.pairs.party_table or parties.PartyTable()).names)
    _pair_filter_reads(window, "Cuba-ALBA", "ALBA-CUB")


def test_a_party_added_through_another_connection_counts_in_the_record_dialog(window, seeded_path):
    window.editing.add().reject()
    other = open_database(seeded_path)
    parties.add_party(other, "LAF", "Latin forum", "forum")
    other.close()
    _save_with_partner(window, "Latin forum")
    assert query.list_ids(window.db, query.Filter(pair="CHN-LAF", parties=parties.table(window.db)))


def test_this_connections_own_write_of_a_party_is_seen_at_once(empty_db):
    assert parties.resolve_party(empty_db, "ZZZ") is None
    with empty_db.conn:
        empty_db.conn.execute(
            "INSERT INTO parties (code, name, type) VALUES ('ZZZ', 'Zed', 'other')"
        )
    assert parties.resolve_party(empty_db, "Zed") == "ZZZ"
    table = parties.table(empty_db)
    table.add_other_pairs({"CHN-ZZZ"})
    assert "CHN-ZZZ" in (parties.table(empty_db).other_pairs() or ())


def test_deleting_a_party_that_records_use_is_refused_with_the_count(window, seeded_db, questions):
    parties.add_party(seeded_db, "ALBA", "Bolivarian Alliance")
    for title in ("One", "Two"):
        add_record(
            seeded_db,
            Record(actor="CHN", partner="ALBA", kind="statement", date="2024", title=title),
        )
    listing = _open(window)
    listing.select("ALBA")
    listing.delete_button.click()
    assert [box.text() for box in questions.boxes] == [
        "Bolivarian Alliance (ALBA) is not deleted: 2 record(s) have it as actor, partner or "
        "other party"
    ]
    assert "ALBA" in listing.codes()
    assert parties.resolve_party(seeded_db, "ALBA") == "ALBA"


def test_deleting_an_unused_party_asks_first(window, seeded_db, questions):
    parties.add_party(seeded_db, "LONE", "Lone party")
    listing = _open(window)
    listing.select("LONE")
    listing.delete_button.click()  # answered Cancel
    assert parties.resolve_party(seeded_db, "LONE") == "LONE"
    questions.answer = "Delete"
    listing.delete_button.click()
    assert [b.text() for b in questions.boxes] == ["Delete the party Lone party (LONE)?"] * 2
    assert "LONE" not in listing.codes()
    assert parties.resolve_party(seeded_db, "LONE") is None


def test_a_read_only_window_lists_but_cannot_change(qtbot, seeded_db):
    dialog = PartiesDialog(seeded_db, read_only=True)
    qtbot.addWidget(dialog)
    assert dialog.codes() and not dialog.add_button.isEnabled()
    assert not dialog.delete_button.isEnabled()


def test_the_member_cell_offers_countries_then_parties(window):
    add = _open(window).add()
    row = add.add_membership()
    add.members.editItem(add.members.item(row, 0))
    editor = add.members.focusWidget()
    QTest.keyClicks(editor, "bri")
    model = editor.completer().completionModel()
    offered = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert "BRICS (BRICS)" in offered[1:]

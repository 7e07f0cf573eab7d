"""Countries typed in the window: names in the dialog's fields, type-aheads that list the best first."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest
from typing_helpers import fill_valid, type_into

from bilateral.db import query, reference
from bilateral.db.records import get_record
from bilateral.desktop.records.filter_bar import FilterBar
from bilateral.desktop.records.pairs import PairRole
from bilateral.desktop.records.record_fields import CodePicker


def offered(completer) -> list[str]:
    """The entries the type-ahead's popup lists, top to bottom."""
    model = completer.completionModel()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def picker(qtbot, names=None) -> CodePicker:
    names = reference.countries() if names is None else names
    widget = CodePicker(names, "Country", country=names is reference.countries())
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize(
    ("text", "first", "later"),
    [
        ("russ", "Russia (RUS)", None),
        ("rus", "Russia (RUS)", "Belarus (BLR)"),
        ("ni", "Nicaragua (NIC)", "Afghanistan (AFG)"),
    ],
)
def test_a_name_typed_in_part_lists_the_country_it_starts_first(qtbot, text, first, later):
    widget = picker(qtbot)
    QTest.keyClicks(widget, text)
    shown = offered(widget.completer())
    assert shown[0] == first and (later is None or later in shown[1:])


def test_names_and_codes_that_start_with_the_text_come_before_the_rest(qtbot):
    widget = picker(qtbot)
    QTest.keyClicks(widget, "cu")
    shown = offered(widget.completer())
    assert shown[:2] == ["Cuba (CUB)", "Curaçao (CUW)"] and "Ecuador (ECU)" in shown[2:]


def test_a_common_name_lists_its_country_first(qtbot):
    widget = picker(qtbot)
    QTest.keyClicks(widget, "uk")
    assert offered(widget.completer())[:2] == ["United Kingdom (GBR)", "Ukraine (UKR)"]


@pytest.mark.parametrize(
    ("text", "first"),
    [("ivory", "Côte d'Ivoire (CIV)"), ("holl", "Netherlands (NLD)"), ("burm", "Myanmar (MMR)")],
)
def test_the_start_of_a_common_name_lists_its_country(qtbot, text, first):
    widget = picker(qtbot)
    QTest.keyClicks(widget, text)
    assert offered(widget.completer())[0] == first


def test_a_country_picker_reads_the_names_people_use(qtbot):
    widget = picker(qtbot)
    QTest.keyClicks(widget, "Holland")
    assert widget.code() == "NLD"


def test_a_currency_picker_does_not_read_country_names(qtbot):
    # Switzerland's code CHE is also the WIR franc's.
    widget = picker(qtbot, reference.currencies())
    QTest.keyClicks(widget, "Switzerland")
    assert widget.code() == "Switzerland"


def test_the_pair_filter_lists_the_pairs_of_a_country_typed_in_part_first(qtbot):
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.set_pairs(["BLR-CUB", "CHN-CUB", "CUB-RUS"])
    QTest.keyClicks(bar.pair, "rus")
    assert offered(bar.pair.completer()) == ["CUB-RUS · Cuba – Russia", "BLR-CUB · Belarus – Cuba"]


def test_the_pair_filter_reads_a_pair_of_names(qtbot):
    bar = FilterBar()
    qtbot.addWidget(bar)
    QTest.keyClicks(bar.pair, "Russia, Cuba")
    assert bar.filter().pair == "CUB-RUS"


def test_russia_typed_in_the_dialog_is_saved_as_rus(window, seeded_db):
    dialog = window.editing.add()
    fill_valid(dialog.form)
    type_into(dialog.form.actor, "Russia")
    dialog.form.participants.add_row()
    table = dialog.form.participants.table
    table.item(0, 0).setText("Sergei Lavrov")
    table.item(0, 1).setText("russia")
    dialog.save_button.click()
    record_id = query.list_ids(seeded_db, query.Filter(text="Rice donation"))[0]
    record = get_record(seeded_db, record_id)
    assert (record.actor, record.partner, record.participants[0].country) == ("RUS", "CUB", "RUS")


def test_a_misspelt_country_in_the_dialog_says_which_was_meant(window):
    dialog = window.editing.add()
    fill_valid(dialog.form)
    type_into(dialog.form.partner, "Rusia")
    assert dialog.problem_label("partner").text() == (
        "'Rusia' is not a country or party; did you mean Russia (RUS)?"
    )
    assert not dialog.save_button.isEnabled()


def save_cuba_brics(window):
    """Type and save a membership of Cuba in BRICS through the record dialog."""
    dialog = window.editing.add()
    fill_valid(dialog.form)
    type_into(dialog.form.actor, "Cuba")
    type_into(dialog.form.partner, "BRICS")
    dialog.form.kind.setCurrentIndex(dialog.form.kind.findData("membership"))
    dialog.form.kind.activated.emit(dialog.form.kind.currentIndex())
    type_into(dialog.form.amount, "")
    type_into(dialog.form.currency, "")
    assert dialog.save_button.isEnabled(), dialog.error.text()
    dialog.save_button.click()


def test_brics_typed_as_partner_is_saved_as_a_membership(window, seeded_db):
    save_cuba_brics(window)
    record_id = query.list_ids(seeded_db, query.Filter(text="Rice donation"))[0]
    record = get_record(seeded_db, record_id)
    assert (record.actor, record.partner, record.kind) == ("CUB", "BRICS", "membership")


def test_the_partner_type_ahead_offers_organisations_after_countries(qtbot, window):
    dialog = window.editing.add()
    partner = picker(qtbot, dialog.form.partner.names)
    partner.country = True
    QTest.keyClicks(partner, "bri")
    shown = offered(partner.completer())
    assert "BRICS (BRICS)" in shown[1:]  # after British Indian Ocean Territory, Brunei…


def test_a_misspelt_party_in_the_dialog_says_which_was_meant(window):
    dialog = window.editing.add()
    fill_valid(dialog.form)
    type_into(dialog.form.partner, "BRICZ")
    assert "did you mean" in dialog.problem_label("partner").text()
    assert "BRICS" in dialog.problem_label("partner").text()
    assert not dialog.save_button.isEnabled()


def test_the_pair_list_names_an_organisation_and_the_pair_filter_reads_it(window, qtbot):
    save_cuba_brics(window)
    window._load()
    labels = {
        window.pairs.topLevelItem(i).data(0, PairRole): window.pairs.topLevelItem(i).text(0)
        for i in range(window.pairs.topLevelItemCount())
    }
    assert labels["BRICS-CUB"] == "BRICS – Cuba"
    for typed in ("CUB-BRICS", "Cuba, BRICS"):
        type_into(window.filter_bar.pair, typed)
        window.filter_bar.apply()
        assert window.filter_bar.filter().pair == "BRICS-CUB"
        expected = query.list_ids(window.db, window.filter_bar.filter())
        assert len(expected) == 1
        qtbot.waitUntil(lambda expected=expected: window.model.ids() == expected)


def test_the_detail_pane_names_an_organisation_side_with_its_code(window, qtbot):
    save_cuba_brics(window)
    window._load()
    window.pairs.setCurrentItem(
        next(
            window.pairs.topLevelItem(i)
            for i in range(window.pairs.topLevelItemCount())
            if window.pairs.topLevelItem(i).data(0, PairRole) == "BRICS-CUB"
        )
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: "BRICS (BRICS)" in window.detail.toPlainText())
    assert "Cuba (CUB)" in window.detail.toPlainText()

"""The window says which ECB rate a USD value takes, or why there is none, and lets the user give it."""

from __future__ import annotations

import pytest
from typing_helpers import fill_valid, type_into

from bilateral.db import validation
from bilateral.db.csvfile import import_records
from bilateral.db.records import Record, kind_defaults, list_kinds
from bilateral.desktop.files.import_preview import ImportPreviewDialog
from bilateral.desktop.records.detail import DetailPane
from bilateral.desktop.records.record_dialog import RecordDialog


@pytest.fixture
def dialog(qtbot, seeded_db):
    """An Add record dialog with a valid record typed in."""
    widget = RecordDialog(list_kinds(seeded_db))
    qtbot.addWidget(widget)
    widget.show()
    fill_valid(widget.form)
    return widget


def _type_money(qtbot, dialog, date: str, currency: str) -> str:
    type_into(dialog.form.date, date)
    type_into(dialog.form.amount, "38000000")
    type_into(dialog.form.currency, currency)
    qtbot.waitUntil(
        lambda: currency in dialog.form.usd_hint.text() or "≈" in dialog.form.usd_hint.text()
    )
    return dialog.form.usd_hint.text()


def test_the_dialog_says_why_rub_in_2023_has_no_usd_value(qtbot, dialog):
    hint = _type_money(qtbot, dialog, "2023-03", "RUB")
    assert (hint, dialog.form.usd_hint.isVisible(), dialog.save_button.isEnabled()) == (
        "No USD value: the ECB published no RUB rate within 7 days of 2023-03-16, the middle of "
        "2023-03 (its last is 2022-03-01). Type it above and choose its basis below: stated in "
        "the source, or entered by me.",
        True,
        True,
    )


def test_the_dialog_shows_the_value_of_rub_in_2021_and_its_rate_day(qtbot, dialog):
    hint = _type_money(qtbot, dialog, "2021-06-04", "RUB")
    assert hint.startswith("≈ 519,") and hint.endswith(
        "USD at the ECB rate of 2021-06-04 (filled in on saving)."
    )


def test_the_dialog_names_fridays_rate_for_a_saturday(qtbot, dialog):
    hint = _type_money(qtbot, dialog, "2021-06-05", "RUB")
    assert "at the ECB rate of 2021-06-04, the nearest published to 2021-06-05" in hint


def test_the_dialog_says_the_ecb_never_published_cup(qtbot, dialog):
    hint = _type_money(qtbot, dialog, "2021-03", "CUP")
    assert hint.startswith("No USD value: the ECB publishes no rate for CUP.")


def test_a_usd_value_typed_for_rub_in_2023_is_kept_with_the_chosen_basis(qtbot, dialog, seeded_db):
    _type_money(qtbot, dialog, "2023-03", "RUB")
    type_into(dialog.form.amount_usd, "480000")
    basis = dialog.form.usd_basis
    basis.setCurrentIndex(basis.findData("source"))
    basis.activated.emit(basis.currentIndex())
    qtbot.waitUntil(lambda: not dialog.form.usd_hint.isVisible())
    prepared = validation.prepare(dialog.values, kind_defaults(seeded_db))
    assert (prepared.amount_usd, prepared.usd_basis) == (480_000, "source")


def test_the_import_preview_lists_the_notes(qtbot, empty_db, tmp_path):
    path = tmp_path / "rub.csv"
    path.write_text(
        "actor,partner,kind,date,title,amount,currency\r\n"
        "RUS,CUB,loan,2023-03,Loan,38000000,RUB\r\n"
        "RUS,CUB,aid,2021-06-05,Oil,1000000,RUB\r\n",
        encoding="utf-8",
    )
    report = import_records(empty_db, path, dry_run=True)
    preview = ImportPreviewDialog(path.name)
    qtbot.addWidget(preview)
    preview.show()
    preview.show_report(report)
    table = preview.problems
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert (
        rows,
        "left empty: the ECB published no RUB rate" in table.item(0, 2).text(),
        "Read the 2 notes below" in preview.details.text(),
        preview.import_button.isVisible(),
    ) == ([("2", "amount_usd"), ("3", "amount_usd")], True, True, True)


def _shown(qtbot, record: Record) -> str:
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_record(record)
    return pane.toPlainText()


def test_the_detail_pane_names_the_day_of_the_ecb_rate(qtbot, seeded_db):
    record = Record(
        actor="RUS",
        partner="CUB",
        kind="aid",
        date="2021-06-05",
        title="Oil",
        amount=1e6,
        currency="RUB",
    )
    prepared = validation.prepare(record, kind_defaults(seeded_db))
    assert "USD (converted at the ECB rate of 2021-06-04)" in _shown(qtbot, prepared)


def test_the_detail_pane_says_why_there_is_no_usd_value(qtbot, seeded_db):
    record = Record(
        actor="RUS",
        partner="CUB",
        kind="aid",
        date="2023-03",
        title="Oil",
        amount=1e6,
        currency="RUB",
    )
    prepared = validation.prepare(record, kind_defaults(seeded_db))
    assert "(no USD value: the ECB published no RUB rate within 7 days of 2023-03-16" in _shown(
        qtbot, prepared
    )

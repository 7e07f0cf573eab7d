"""USD values come from an ECB rate at most 7 days from their day, or stay empty with the reason."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from bilateral.db import csvfile, reference, validation
from bilateral.db.records import Record, get_record, kind_defaults

HEADER = "actor,partner,kind,date,title,amount,currency\r\n"
CLI = "import sys; from bilateral.cli.main import main; sys.exit(main())"


def _record(date: str, currency: str, amount: float = 38_000_000) -> Record:
    return Record(
        actor="RUS",
        partner="CUB",
        kind="loan",
        date=date,
        title="Loan",
        amount=amount,
        currency=currency,
    )


def _import(db, tmp_path, rows: str) -> csvfile.ImportReport:
    path = tmp_path / "rates.csv"
    path.write_text(HEADER + rows, encoding="utf-8", newline="")
    return csvfile.import_records(db, path)


def test_rub_after_the_ecb_stopped_publishing_it_has_no_value_and_says_why():
    conversion = reference.usd_conversion(38_000_000, "RUB", datetime.date(2023, 3, 16), "2023-03")
    assert (conversion.value, conversion.rate_date, conversion.reason) == (
        None,
        None,
        "the ECB published no RUB rate within 7 days of 2023-03-16, the middle of 2023-03 "
        "(its last is 2022-03-01)",
    )


def test_rub_in_2021_is_converted_at_the_rate_of_its_day():
    conversion = reference.usd_conversion(1_000_000, "RUB", datetime.date(2021, 6, 4))
    assert (conversion.rate_date, conversion.note, 13_000 < conversion.value < 14_000) == (
        datetime.date(2021, 6, 4),
        "",
        True,
    )


def test_a_saturday_takes_fridays_rate_and_says_so():
    conversion = reference.usd_conversion(1_000_000, "RUB", datetime.date(2021, 6, 5))
    friday = reference.usd_conversion(1_000_000, "RUB", datetime.date(2021, 6, 4))
    assert (conversion.value, conversion.rate_date, conversion.note) == (
        friday.value,
        datetime.date(2021, 6, 4),
        "converted at the ECB rate of 2021-06-04, the nearest published to 2021-06-05",
    )


def test_a_rate_a_week_after_the_ecbs_last_is_still_used_but_not_eight_days():
    in_reach = reference.usd_conversion(100, "RUB", datetime.date(2022, 3, 8))
    too_far = reference.usd_conversion(100, "RUB", datetime.date(2022, 3, 9))
    assert (in_reach.rate_date, too_far.value) == (datetime.date(2022, 3, 1), None)


def test_a_currency_the_ecb_never_published_has_no_value_and_says_why():
    conversion = reference.usd_conversion(5_000_000, "CUP", datetime.date(2021, 3, 16))
    assert (conversion.value, conversion.reason) == (None, "the ECB publishes no rate for CUP")


def test_a_pause_in_a_currencys_rates_names_both_ends():
    # The ECB published no Icelandic krona rate from December 2008 to February 2018.
    conversion = reference.usd_conversion(100, "ISK", datetime.date(2012, 6, 5))
    assert conversion.reason.endswith("(it published none from 2008-12-09 to 2018-02-01)")


def test_usd_value_keeps_returning_just_the_value():
    assert (
        reference.usd_value(100, "RUB", datetime.date(2023, 3, 16)),
        reference.usd_value(100, "USD", datetime.date(2023, 3, 16)),
    ) == (None, 100)


def test_a_year_is_converted_at_its_middle():
    conversion = validation.usd_conversion(_record("2021", "RUB"))
    assert (conversion.on, conversion.day) == (
        datetime.date(2021, 7, 2),
        "2021-07-02, the middle of 2021",
    )


def test_prepare_leaves_the_usd_value_of_rub_in_2023_empty(seeded_db):
    prepared = validation.prepare(_record("2023-03", "RUB"), kind_defaults(seeded_db))
    assert (prepared.amount, prepared.amount_usd, prepared.usd_basis) == (38_000_000, None, "")


def test_prepare_converts_rub_in_2021(seeded_db):
    prepared = validation.prepare(_record("2021-03", "RUB"), kind_defaults(seeded_db))
    assert (prepared.usd_basis, 400_000 < prepared.amount_usd < 600_000) == ("ecb", True)


def test_prepare_keeps_a_usd_value_the_user_gave_for_rub_in_2023(seeded_db):
    record = _record("2023-03", "RUB")
    record.amount_usd, record.usd_basis = 480_000, "user"
    prepared = validation.prepare(record, kind_defaults(seeded_db))
    assert (prepared.amount_usd, prepared.usd_basis) == (480_000, "user")


def test_an_import_notes_each_usd_value_left_empty_or_of_another_day(empty_db, tmp_path):
    report = _import(
        empty_db,
        tmp_path,
        "RUS,CUB,loan,2023-03,Power plants,38000000,RUB\r\n"
        "RUS,CUB,aid,2021-06-05,Oil,1000000,RUB\r\n"
        "RUS,CUB,aid,2021-06-04,Oil again,1000000,RUB\r\n"
        "CUB,RUS,trade,2021,Sugar,5000000,CUP\r\n",
    )
    assert [(n.row, n.column, n.reason) for n in report.notes] == [
        (
            2,
            "amount_usd",
            "left empty: the ECB published no RUB rate within 7 days of 2023-03-16, the middle "
            "of 2023-03 (its last is 2022-03-01); give amount_usd with usd_basis user or source",
        ),
        (
            3,
            "amount_usd",
            "converted at the ECB rate of 2021-06-04, the nearest published to 2021-06-05",
        ),
        (
            5,
            "amount_usd",
            "left empty: the ECB publishes no rate for CUP; give amount_usd with usd_basis user "
            "or source",
        ),
    ]
    assert (report.added, report.note_count, get_record(empty_db, 1).amount_usd) == (4, 3, None)


def test_an_import_notes_nothing_for_usd_values_the_file_gives(empty_db, tmp_path):
    path = tmp_path / "given.csv"
    path.write_text(
        "actor,partner,kind,date,title,amount,currency,amount_usd,usd_basis\r\n"
        "RUS,CUB,loan,2023-03,Power plants,38000000,RUB,480000,source\r\n",
        encoding="utf-8",
        newline="",
    )
    report = csvfile.import_records(empty_db, path)
    assert (report.notes, get_record(empty_db, 1).amount_usd) == ([], 480_000)


def test_notes_are_kept_up_to_the_reported_limit(empty_db, tmp_path, monkeypatch):
    monkeypatch.setattr("bilateral.db.csv_rows.MAX_REPORTED", 2)
    report = _import(empty_db, tmp_path, "RUS,CUB,loan,2023-03,Loan,1,RUB\r\n" * 3)
    assert (len(report.notes), report.note_count) == (2, 3)


def test_the_cli_import_prints_the_notes_after_the_counts(db_path, tmp_path):
    path = tmp_path / "rub.csv"
    path.write_text(HEADER + "RUS,CUB,loan,2023-03,Loan,38000000,RUB\r\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", CLI, "import", str(path), "--db", str(db_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout.splitlines()[:3]) == (
        0,
        [
            "Added 1, updated 0, unchanged 0, 0 conflicts.",
            "1 note(s):",
            "  row 2, amount_usd: left empty: the ECB published no RUB rate within 7 days of "
            "2023-03-16, the middle of 2023-03 (its last is 2022-03-01); give amount_usd with "
            "usd_basis user or source",
        ],
    )


@pytest.mark.parametrize("currency", ["CUP", "KPW", "VES"])
def test_prepare_leaves_currencies_the_ecb_never_published_empty(seeded_db, currency):
    prepared = validation.prepare(_record("2021-03", currency), kind_defaults(seeded_db))
    conversion = validation.usd_conversion(prepared)
    assert (prepared.amount_usd, conversion.reason) == (
        None,
        f"the ECB publishes no rate for {currency}",
    )

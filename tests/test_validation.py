"""Validation returns every problem of a record as (field, message)."""

from __future__ import annotations

import pytest

from bilateral.db.errors import InvalidRecord
from bilateral.db.records import Participant, Record, Source, add_record
from bilateral.db.schema import BUILTIN_KINDS
from bilateral.db.validation import normalise, validate

KINDS = {name for name, *_ in BUILTIN_KINDS}


def good(**changes) -> Record:
    values = dict(actor="CHN", partner="CUB", kind="aid", date="2023-11-06", title="Donation")
    values.update(changes)
    return Record(**values)


def problems_of(record: Record) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in validate(normalise(record), KINDS)]


def test_a_complete_record_has_no_problems():
    record = good(amount=5.0, currency="CNY", amount_usd=1.0, usd_basis="source", end_date="2024")
    assert problems_of(record) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"actor": "XXX"},
            "actor",
            "'XXX' is not a country: write its name or code, such as Cuba or CUB",
        ),
        ({"partner": ""}, "partner", "choose a country"),
        ({"partner": "CHN"}, "partner", "must differ from the actor"),
        (
            {"date": "2023-02-30"},
            "date",
            "'2023-02-30' is not a date: 2023-02-30 does not exist (2023-02 has 28 days)",
        ),
        ({"date": "99999"}, "date", "'99999' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"date": "2023-13"}, "date", "'2023-13' is not a date: there is no month 13"),
        ({"date": ""}, "date", "enter a date: YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"end_date": "2022"}, "end_date", "ends before it starts"),
        ({"amount": 5.0}, "currency", "an amount needs its currency"),
        ({"amount": -5.0, "currency": "USD"}, "amount", "cannot be negative"),
        ({"amount": float("nan"), "currency": "USD"}, "amount", "must be a finite number"),
        ({"amount": float("inf"), "currency": "USD"}, "amount", "must be a finite number"),
        ({"amount": 1.0, "currency": "XYZ"}, "currency", "'XYZ' is not an ISO 4217 currency"),
        ({"title": "   "}, "title", "enter a title"),
        (
            {"kind": "party"},
            "kind",
            "'party' is not a known kind; use one of agreement, aid, allegation, dispute,"
            " investment, loan, membership, security, statement, trade, visit,"
            " or add it with: bilateral kinds --add party",
        ),
        (
            {"status": "rumoured"},
            "status",
            "'rumoured' must be one of expected, pledged, signed, in force, completed, cancelled",
        ),
        ({"direction": "sideways"}, "direction", "'sideways' must be one of one-way, mutual"),
        ({"amount_usd": 3.0}, "usd_basis", "say where the USD value comes from"),
        ({"participants": [Participant("")]}, "participants", "participant 1 has no name"),
        (
            {"sources": [Source(url="file:///etc/passwd", publisher="x")]},
            "sources",
            "source 1: the URL must start with http(s)://",
        ),
        ({"sources": [Source()]}, "sources", "source 1 needs a publisher, title or URL"),
        (
            {"cameo_code": "=1+1"},
            "cameo_code",
            "must be a CAMEO code of 2 to 4 digits, such as 057",
        ),
        (
            {"created_at": "yesterday"},
            "created_at",
            "must be an ISO 8601 time, such as 2023-11-06T09:30:00Z",
        ),
        ({"title": "nul\x00byte"}, "title", "contains the control character U+0000"),
    ],
)
def test_each_bad_input_gets_its_message(changes, field, message):
    assert (field, message) in problems_of(good(**changes))


def test_every_problem_is_reported_at_once():
    record = good(actor="CUB", date="2023-02-30", title="", amount=-1.0)
    fields = {field for field, _ in problems_of(record)}
    assert fields == {"partner", "date", "title", "amount", "currency"}


def test_codes_are_accepted_in_lower_case():
    assert problems_of(good(actor="chn", partner=" cub ", currency="cny", amount=1.0)) == []


def test_an_invalid_record_is_not_written(empty_db):
    with pytest.raises(InvalidRecord):
        add_record(empty_db, good(partner="CHN"))
    assert empty_db.execute("SELECT count(*) FROM records").fetchone()[0] == 0

"""Input that looks valid but is not is refused with field (or row and column) and reason."""

from __future__ import annotations

import unicodedata

import pytest

from bilateral.db import csv_rows, csvfile
from bilateral.db.records import Record, Source, count_records, get_record, record_id_for_uid
from bilateral.db.schema import BUILTIN_KINDS
from bilateral.db.validation import normalise, validate

KINDS = {name for name, *_ in BUILTIN_KINDS}
HEADER = "uid,actor,partner,kind,date,title,amount,currency"
VALUES = ("u1", "CHN", "CUB", "aid", "2023", "Title", "10", "USD")
CELLS = dict(zip(HEADER.split(","), VALUES, strict=True))


def good(**changes) -> Record:
    values = dict(actor="CHN", partner="CUB", kind="aid", date="2023-11-06", title="Donation")
    values.update(changes)
    return Record(**values)


def problems_of(record: Record) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in validate(normalise(record), KINDS)]


def row(**cells: str) -> str:
    return ",".join({**CELLS, **cells}.values())


def import_problems(tmp_path, db, *rows: str, header: str = HEADER, **kwargs) -> list[tuple]:
    path = tmp_path / "in.csv"
    path.write_bytes(("\r\n".join((header, *rows)) + "\r\n").encode())
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(db, path, **kwargs)
    return [(p.row, p.column, p.reason) for p in failed.value.report.problems]


ARABIC_DATE = "\u0662\u0660\u0662\u0663-\u0660\u0666"  # 2023-06 in Arabic-Indic digits
ZWSP = "\u200b"

# (changes, field, message): each was accepted before.
LOOKALIKES = [
    (
        {"date": ARABIC_DATE},
        "date",
        f"{ARABIC_DATE!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    (
        {"end_date": "\u0662\u0660\u0662\u0664"},
        "end_date",
        "'\u0662\u0660\u0662\u0664' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    (
        {"cameo_code": "\u0660\u0665\u0667"},
        "cameo_code",
        "must be a CAMEO code of 2 to 4 digits, such as 057",
    ),
    (
        {"created_at": "\u0662\u0660\u0662\u0663-01-01T00:00:00Z"},
        "created_at",
        "must be an ISO 8601 time, such as 2023-11-06T09:30:00Z",
    ),
    (
        {"uid": f"u{ZWSP}1"},
        "uid",
        "contains the invisible character U+200B ZERO WIDTH SPACE at position 2;"
        " a uid must not contain invisible characters or spaces",
    ),
    (
        {"uid": "\ufeffu1"},
        "uid",
        "contains the invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE at position 1;"
        " a uid must not contain invisible characters or spaces",
    ),
    (
        {"uid": "u1\u00ad"},
        "uid",
        "contains the invisible character U+00AD SOFT HYPHEN at position 3;"
        " a uid must not contain invisible characters or spaces",
    ),
    (
        {"uid": "u\u202e1"},
        "uid",
        "contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE at position 2;"
        " a uid must not contain invisible characters or spaces",
    ),
    (
        {"uid": "u 1"},
        "uid",
        "contains the space character U+0020 SPACE at position 2;"
        " a uid must not contain invisible characters or spaces",
    ),
    (
        {"uid": "\u3000u1"},
        "uid",
        "contains the space character U+3000 IDEOGRAPHIC SPACE at position 1;"
        " a uid must not contain invisible characters or spaces",
    ),
    ({"title": ZWSP * 3}, "title", "enter a title"),
    ({"title": "\u2060\ufeff\u00ad"}, "title", "enter a title"),
    ({"title": "\u3000\u00a0\u200d\u3164"}, "title", "enter a title"),
    (
        {"sources": [Source(url="https://", publisher="x")]},
        "sources",
        "source 1: the URL has no host; write it in full, such as https://example.org/page",
    ),
    (
        {"sources": [Source(url="http:///path", publisher="x")]},
        "sources",
        "source 1: the URL has no host; write it in full, such as https://example.org/page",
    ),
    (
        {"sources": [Source(url="http://[::1", publisher="x")]},
        "sources",
        "source 1: the URL has no host; write it in full, such as https://example.org/page",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), LOOKALIKES)
def test_lookalike_values_are_refused_by_validation(changes, field, message, figures):
    assert (field, message) in problems_of(good(**changes))
    figures["lookalike input"]["values refused"] += 1


@pytest.mark.parametrize(
    "changes",
    [
        {"uid": "  u1\t"},
        {"title": "Caf\u00e9 \u200b in Z\u00fcrich"},
        {"sources": [Source(url="https://example.org/a?b=1#c")]},
        {"sources": [Source(url="http://x")]},
    ],
)
def test_real_values_next_to_the_lookalikes_are_accepted(changes):
    assert problems_of(good(**changes)) == []


def test_a_uid_keeps_its_invisible_characters_for_the_message():
    assert normalise(good(uid=" \u3000u1 ")).uid == "\u3000u1"


def test_normalise_makes_text_nfc():
    record = normalise(good(title="Cafe\u0301", summary="Zu\u0308rich"))
    assert (record.title, record.summary) == ("Caf\u00e9", "Z\u00fcrich")


# (cells, column, reason) at import level: each row was imported before.
CSV_LOOKALIKES = [
    (
        {"date": ARABIC_DATE},
        "date",
        f"{ARABIC_DATE!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    ({"amount": "1e-400"}, "amount", "'1e-400' is too small to store (it would become 0)"),
    ({"amount": "0.1e-330"}, "amount", "'0.1e-330' is too small to store (it would become 0)"),
    ({"amount": "\u0661\u0660"}, "amount", "'\u0661\u0660' is not a number (use the digits 0-9)"),
    (
        {"uid": f"u1{ZWSP}"},
        "uid",
        "contains the invisible character U+200B ZERO WIDTH SPACE at position 3;"
        " a uid must not contain invisible characters or spaces",
    ),
    ({"title": ZWSP + "\u3000"}, "title", "enter a title"),
]


@pytest.mark.parametrize(("cells", "column", "reason"), CSV_LOOKALIKES)
def test_lookalike_cells_are_refused_by_the_import(
    empty_db, tmp_path, cells, column, reason, figures
):
    assert import_problems(tmp_path, empty_db, row(**cells)) == [(2, column, reason)]
    assert count_records(empty_db) == 0
    figures["lookalike input"]["CSV cells refused"] += 1
    figures["lookalike input"]["rows imported"] += count_records(empty_db)


def test_a_bare_scheme_as_source_url_is_refused_by_the_import(empty_db, tmp_path):
    found = import_problems(
        tmp_path, empty_db, row() + ",Pub | T | https://", header=HEADER + ",sources"
    )
    assert found == [
        (
            2,
            "sources",
            "source 1: the URL has no host; write it in full, such as https://example.org/page",
        )
    ]


def test_zero_amounts_are_still_accepted(empty_db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\r\n{row(amount='0e-400')}\r\n{row(uid='u2', amount='0.000')}\r\n")
    assert csvfile.import_records(empty_db, path).added == 2


def test_the_import_makes_text_nfc(empty_db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "\r\n" + row(title="Cafe\u0301") + "\r\n", encoding="utf-8")
    csvfile.import_records(empty_db, path)
    assert get_record(empty_db, record_id_for_uid(empty_db, "u1")).title == "Caf\u00e9"


@pytest.mark.parametrize("text", ["Cafe\u0301 Zu\u0308rich", "  \u212b ", "\u2000A\u0308\u0301"])
def test_the_import_and_normalise_agree(text):
    cells = {**CELLS, "title": text, "summary": text, "location": text, "uid": " u1\t"}
    imported = csv_rows.row_to_record(cells, 2, csvfile.ImportReport())
    typed = normalise(good(uid=" u1\t", title=text, summary=text, location=text))
    assert imported == normalise(imported)
    assert (imported.uid, imported.title) == (typed.uid, typed.title)
    assert imported.title == unicodedata.normalize("NFC", text).strip() != text


def _filler(count: int, start: int = 100) -> list[str]:
    return [row(uid=f"f{n}") for n in range(start, start + count)]


@pytest.mark.parametrize("on_duplicate", ["skip", "update", "error"])
def test_a_uid_twice_in_different_batches_is_refused(empty_db, tmp_path, on_duplicate):
    path = tmp_path / "first.csv"
    path.write_text(f"{HEADER}\r\n{row(uid='old')}\r\n")
    csvfile.import_records(empty_db, path)
    rows = [row(uid="old"), row(uid="new"), *_filler(1300), row(uid="old"), row(uid="new")]
    found = import_problems(tmp_path, empty_db, *rows, on_duplicate=on_duplicate)
    twice = [p for p in found if "twice" in p[2]]
    assert twice == [
        (1304, "uid", "old appears twice in the file (rows 2 and 1304)"),
        (1305, "uid", "new appears twice in the file (rows 3 and 1305)"),
    ]
    assert count_records(empty_db) == 1


def test_a_uid_twice_in_one_batch_names_both_rows(empty_db, tmp_path):
    found = import_problems(tmp_path, empty_db, row(), row(uid="u2"), row())
    assert found == [(4, "uid", "u1 appears twice in the file (rows 2 and 4)")]


def test_a_kind_with_a_cameo_code_in_other_digits_is_refused(seeded_path, capsys):
    from bilateral.cli.main import main

    code = main(
        ["kinds", "--db", str(seeded_path), "--add", "Boycott", "--cameo", "\u0661\u0666\u0663"]
    )
    assert code == 1
    assert "a CAMEO code has 2 to 4 digits" in capsys.readouterr().err

"""Files as spreadsheets write them: ';' or tab between cells, headers in any case, empty columns."""

from __future__ import annotations

import csv
import io

import pytest

from bilateral.db import csv_export, csvfile
from bilateral.db.query import list_ids
from bilateral.db.records import count_records, get_records

ROWS = [
    ["uid", "actor", "partner", "kind", "date", "title", "amount", "currency", "participants"],
    [
        "u1",
        "CHN",
        "CUB",
        "aid",
        "2023-11-06",
        "Rice; and beans",
        "1500.5",
        "USD",
        "Ana | CUB | x; Bo",
    ],
    ["u2", "CUB", "CHN", "visit", "2023-05", 'A "quoted" visit', "", "", ""],
]


def spreadsheet_file(tmp_path, rows, delimiter: str, name="sheet.csv"):
    """Write rows the way a spreadsheet's CSV export does: minimal quoting, CRLF."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def stored(db) -> list[tuple]:
    return [
        (r.uid, r.actor, r.partner, r.kind, r.date, r.title, r.amount, r.participants)
        for r in sorted(get_records(db, list_ids(db)), key=lambda r: r.uid)
    ]


def problems(db, path) -> list[tuple[int, str, str]]:
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(db, path)
    return [(p.row, p.column, p.reason) for p in failed.value.report.problems]


@pytest.fixture
def expected(tmp_path, empty_db):
    csvfile.import_records(empty_db, spreadsheet_file(tmp_path, ROWS, ",", "comma.csv"))
    return stored(empty_db)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_semicolon_or_tab_file_is_read_like_a_comma_file(tmp_path, db_path, expected, delimiter):
    from bilateral.db.store import open_database

    other = open_database(tmp_path / "other.db", create=True)
    report = csvfile.import_records(other, spreadsheet_file(tmp_path, ROWS, delimiter))
    assert (report.added, stored(other)) == (2, expected)
    assert stored(other)[0][5] == "Rice; and beans"  # a quoted ';' stays inside its cell


def test_an_exported_file_saved_by_a_spreadsheet_with_semicolons_comes_back_whole(
    seeded_db, empty_db, tmp_path
):
    out = io.StringIO()
    csv_export.export_records(seeded_db, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    csvfile.import_records(empty_db, spreadsheet_file(tmp_path, rows, ";"))
    assert get_records(empty_db, list_ids(empty_db)) == get_records(seeded_db, list_ids(seeded_db))


def test_header_names_match_in_any_case_and_with_blanks_around(empty_db, tmp_path, expected):
    header = [
        " UID",
        " Actor ",
        "Partner",
        "KIND",
        "Date ",
        "Title",
        "amount",
        "Currency",
        "PARTICIPANTS",
    ]
    csvfile.import_records(empty_db, spreadsheet_file(tmp_path, [header, *ROWS[1:]], ","))
    assert stored(empty_db) == expected


def test_a_column_twice_in_different_case_is_still_twice(empty_db, tmp_path):
    path = spreadsheet_file(tmp_path, [[*ROWS[0], "Title"], [*ROWS[1], "again"]], ",")
    assert problems(empty_db, path) == [(1, "Title", "this column appears twice")]


def test_an_unknown_column_in_a_semicolon_file_is_still_refused(empty_db, tmp_path):
    path = spreadsheet_file(tmp_path, [[*ROWS[0], "colour"], [*ROWS[1], "red"]], ";")
    assert problems(empty_db, path) == [
        (1, "colour", "unknown column (see the README for the records format)")
    ]


def test_trailing_empty_columns_are_ignored(empty_db, tmp_path, expected):
    rows = [[*ROWS[0], "", "", ""], [*ROWS[1], "", "", ""], [*ROWS[2], "", "", ""]]
    csvfile.import_records(empty_db, spreadsheet_file(tmp_path, rows, ";"))
    assert stored(empty_db) == expected


def test_a_row_without_the_trailing_empty_cells_is_read_too(empty_db, tmp_path, expected):
    rows = [[*ROWS[0], "", ""], [*ROWS[1], ""], ROWS[2]]
    csvfile.import_records(empty_db, spreadsheet_file(tmp_path, rows, ","))
    assert stored(empty_db) == expected


def test_text_in_a_column_without_a_name_is_refused(empty_db, tmp_path):
    rows = [[*ROWS[0], "", ""], [*ROWS[1], "", "lost?"], [*ROWS[2], "", ""]]
    assert problems(empty_db, spreadsheet_file(tmp_path, rows, ",")) == [
        (2, "", "'lost?' is in a column with no name in the header")
    ]
    assert count_records(empty_db) == 0


def test_an_empty_cell_beyond_the_header_is_still_refused(empty_db, tmp_path):
    """A row one cell too long may have been shifted by an unquoted comma in its text."""
    rows = [ROWS[0], [*ROWS[1], ""]]
    assert problems(empty_db, spreadsheet_file(tmp_path, rows, ",")) == [
        (2, "", "has 10 cells, the header has 9")
    ]


def test_a_long_row_beyond_the_header_is_still_refused(empty_db, tmp_path):
    rows = [ROWS[0], [*ROWS[1], "extra"]]
    assert problems(empty_db, spreadsheet_file(tmp_path, rows, ";")) == [
        (2, "", "has 10 cells, the header has 9")
    ]


def test_an_empty_name_between_columns_is_still_an_unknown_column(empty_db, tmp_path):
    header = [*ROWS[0][:3], "", *ROWS[0][3:]]
    path = spreadsheet_file(tmp_path, [header, [*ROWS[1][:3], "", *ROWS[1][3:]]], ",")
    assert problems(empty_db, path) == [
        (1, "", "unknown column (see the README for the records format)")
    ]


def test_an_undecodable_byte_in_a_semicolon_file_names_its_column(empty_db, tmp_path):
    path = spreadsheet_file(tmp_path, ROWS, ";")
    path.write_bytes(path.read_bytes().replace(b"visit", b"v\xedsit"))
    row, column, reason = problems(empty_db, path)[0]
    assert (row, column) == (3, "kind") and "byte 0xed" in reason

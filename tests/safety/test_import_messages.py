"""Import messages say exactly where a problem is: the bad byte, the invisible character."""

from __future__ import annotations

import pytest

from bilateral.db import csvfile

HEADER = "uid,actor,partner,kind,date,title,amount,currency"


def good(n: int) -> str:
    return f"u{n},CHN,CUB,aid,2023,Title {n},10,USD"


def first_problem(db, path) -> tuple[int, str, str]:
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(db, path)
    problem = failed.value.report.problems[0]
    return problem.row, problem.column, problem.reason


@pytest.mark.parametrize("bad_row", [2, 3, 1500, 4000])
def test_an_undecodable_byte_is_named_by_row_column_and_exact_offset(empty_db, tmp_path, bad_row):
    lines = [HEADER.encode()] + [good(n).encode() for n in range(2, 4001)]
    lines[bad_row - 1] = lines[bad_row - 1].replace(b"Title", b"D\xedaz")
    data = b"\r\n".join(lines) + b"\r\n"
    path = tmp_path / "latin1.csv"
    path.write_bytes(data)
    offset = data.index(b"\xed")
    assert first_problem(empty_db, path) == (
        bad_row,
        "title",
        f"the file is not UTF-8: byte 0xed at byte offset {offset:,} (line {bad_row}) "
        "cannot be decoded; it looks like Windows-1252 or Latin-1; save it as UTF-8 and import again",
    )


def test_a_bad_byte_inside_a_multiline_cell_names_its_row_and_line(empty_db, tmp_path):
    raw = f'{HEADER}\r\n{good(2)}\r\nu3,CHN,CUB,aid,2023,"two\r\nlines ?",10,USD\r\n'.encode()
    raw = raw.replace(b"?", b"\xff")
    offset = raw.index(b"\xff")
    path = tmp_path / "multi.csv"
    path.write_bytes(raw)
    row, column, reason = first_problem(empty_db, path)
    assert (row, column) == (3, "title")
    assert f"byte 0xff at byte offset {offset:,} (line 4)" in reason


def test_a_bad_byte_in_the_header_is_named_in_row_1(empty_db, tmp_path):
    path = tmp_path / "header.csv"
    data = HEADER.replace("title", "t\xedtle").encode("latin-1") + b"\r\n" + good(2).encode()
    path.write_bytes(data)
    row, column, reason = first_problem(empty_db, path)
    assert (row, column) == (1, "")
    offset = data.index(b"\xed")
    assert f"byte 0xed at byte offset {offset} (line 1)" in reason


@pytest.mark.parametrize(
    ("name", "shown", "char"),
    [
        ("\ufefftitle", "\\ufefftitle", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("ti\u200btle", "ti\\u200btle", "U+200B ZERO WIDTH SPACE"),
        ("title\u2060", "title\\u2060", "U+2060 WORD JOINER"),
    ],
)
def test_an_invisible_character_in_a_column_name_is_shown(empty_db, tmp_path, name, shown, char):
    path = tmp_path / "bom.csv"
    path.write_text(HEADER.replace("title", name) + "\r\n" + good(2) + "\r\n", encoding="utf-8")
    assert first_problem(empty_db, path) == (
        1,
        shown,
        f"unknown column: its name contains the invisible character {char} (did you mean 'title'?)",
    )


def test_a_bom_at_the_start_of_the_file_is_still_allowed(empty_db, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "\r\n" + good(2) + "\r\n").encode())
    assert csvfile.import_records(empty_db, path).added == 1

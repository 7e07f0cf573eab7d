"""Import is all-or-nothing and reports every problem by row, column and reason."""

from __future__ import annotations

import pytest

from bilateral.db import csvfile
from bilateral.db.records import count_records, get_record, record_id_for_uid

HEADER = "uid,actor,partner,kind,date,title,amount,currency\r\n"
GOOD = "u{n},CHN,CUB,aid,2023-0{n},Good {n},10,USD\r\n"


def write(tmp_path, text: str, name="in.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def problems(tmp_path, db, text, **kwargs) -> list[tuple[int, str, str]]:
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(db, write(tmp_path, text), **kwargs)
    return [(p.row, p.column, p.reason) for p in failed.value.report.problems]


def test_good_rows_are_all_added(empty_db, tmp_path):
    text = HEADER + "".join(GOOD.format(n=n) for n in range(1, 4))
    report = csvfile.import_records(empty_db, write(tmp_path, text))
    assert (report.added, count_records(empty_db)) == (3, 3)


def test_one_bad_row_among_good_ones_changes_nothing(seeded_db, tmp_path):
    text = HEADER + GOOD.format(n=1) + "u9,CHN,CHN,aid,2023-02-30,Bad,10,USD\r\n" + GOOD.format(n=2)
    found = problems(tmp_path, seeded_db, text)
    assert (3, "partner", "must differ from the actor") in found
    assert (
        3,
        "date",
        "'2023-02-30' is not a date: 2023-02-30 does not exist (2023-02 has 28 days)",
    ) in found
    assert count_records(seeded_db) == 19


def test_missing_usd_value_is_filled_from_the_ecb_rate(empty_db, tmp_path):
    text = (
        "actor,partner,kind,date,title,amount,currency\r\nCHN,CUB,loan,2022-11-25,Loan,700,CNY\r\n"
    )
    csvfile.import_records(empty_db, write(tmp_path, text))
    record = get_record(empty_db, 1)
    assert record.usd_basis == "ecb" and 90 < record.amount_usd < 110


@pytest.mark.parametrize(
    ("on_duplicate", "title", "added", "updated", "skipped"),
    [("skip", "Good 1", 0, 0, 1), ("merge", "Changed", 0, 1, 0), ("update", "Changed", 0, 1, 0)],
)
def test_existing_uids_are_skipped_or_merged(
    empty_db, tmp_path, on_duplicate, title, added, updated, skipped
):
    # "update" is the old name of the merge: an edit made in the file is applied.
    header = HEADER.replace("\r\n", ",updated_at\r\n")
    version = ",2024-01-01T00:00:00Z\r\n"
    first = header + GOOD.format(n=1).replace("\r\n", version)
    csvfile.import_records(empty_db, write(tmp_path, first))
    again = write(tmp_path, header + "u1,CHN,CUB,aid,2023-01,Changed,10,USD" + version, "a.csv")
    report = csvfile.import_records(empty_db, again, on_duplicate=on_duplicate)
    assert (report.added, report.updated, report.skipped) == (added, updated, skipped)
    assert get_record(empty_db, record_id_for_uid(empty_db, "u1")).title == title


def test_existing_uids_are_refused_on_request(empty_db, tmp_path):
    csvfile.import_records(empty_db, write(tmp_path, HEADER + GOOD.format(n=1)))
    found = problems(tmp_path, empty_db, HEADER + GOOD.format(n=1), on_duplicate="error")
    assert found == [(2, "uid", "u1 exists in the database")]


def test_a_uid_repeated_inside_the_file_is_refused(empty_db, tmp_path):
    found = problems(tmp_path, empty_db, HEADER + GOOD.format(n=1) + GOOD.format(n=1))
    assert found == [(3, "uid", "u1 appears twice in the file (rows 2 and 3)")]
    assert count_records(empty_db) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (0, "", "the file is empty")),
        (HEADER, (0, "", "the file has a header but no records")),
        ("actor,partner,kind,date\r\n", (1, "title", "required column is missing")),
        (
            HEADER.replace("currency", "colour"),
            (1, "colour", "unknown column (see the README for the records format)"),
        ),
        (HEADER.replace("currency", "title"), (1, "title", "this column appears twice")),
        (HEADER + "u1,CHN,CUB,aid\r\n", (2, "", "has 4 cells, the header has 8")),
        (HEADER + "u1,CHN,CUB,aid,2023,T,NaN,USD\r\n", (2, "amount", "must be a finite number")),
        (HEADER + "u1,CHN,CUB,aid,2023,T,1e400,USD\r\n", (2, "amount", "'1e400' is too large")),
        (HEADER + "u1,CHN,CUB,aid,2023,T,lots,USD\r\n", (2, "amount", "'lots' is not a number")),
        (
            HEADER + 'u1,CHN,CUB,aid,2023,"T,10,USD\r\n',
            (2, "", "unreadable CSV: unexpected end of data"),
        ),
    ],
)
def test_broken_files_are_refused_with_a_reason(empty_db, tmp_path, text, expected):
    assert expected in problems(tmp_path, empty_db, text)
    assert count_records(empty_db) == 0


def test_a_file_in_another_encoding_is_refused(empty_db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "u1,CHN,CUB,aid,2023,Díaz,1,USD\r\n").encode("latin-1"))
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(empty_db, path)
    assert "not UTF-8" in failed.value.report.problems[0].reason


def test_cancelled_import_changes_nothing(empty_db, tmp_path):
    text = HEADER + "".join(f"u{n},CHN,CUB,aid,2023,T{n},1,USD\r\n" for n in range(2500))
    with pytest.raises(csvfile.Cancelled):
        csvfile.import_records(empty_db, write(tmp_path, text), cancelled=lambda: True)
    assert count_records(empty_db) == 0


def test_dry_run_counts_without_writing(empty_db, tmp_path):
    report = csvfile.import_records(
        empty_db, write(tmp_path, HEADER + GOOD.format(n=1)), dry_run=True
    )
    assert (report.added, report.committed, count_records(empty_db)) == (1, False, 0)


def test_progress_reaches_the_end(empty_db, tmp_path):
    seen = []
    csvfile.import_records(
        empty_db, write(tmp_path, HEADER + GOOD.format(n=1)), progress=seen.append
    )
    assert seen[-1] == pytest.approx(1.0)

"""Hostile CSV files are refused with row, column and reason, and change nothing."""

from __future__ import annotations

import hashlib
import tracemalloc

import pytest

from bilateral.db import csvfile

HEADER = "uid,actor,partner,kind,date,title,amount,currency"
ROW = "u1,CHN,CUB,aid,2023,Title,10,USD"


def row(**cells) -> str:
    values = dict(zip(HEADER.split(","), ROW.split(","), strict=True))
    values.update(cells)
    return ",".join(values.values())


def lines(*rows: str) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode()


HOSTILE = {
    "latin-1 text": (HEADER + "\r\n" + row(title="Díaz") + "\r\n").encode("latin-1"),
    "utf-16 with bom": (HEADER + "\r\n" + ROW + "\r\n").encode("utf-16"),
    "utf-16 without bom": (HEADER + "\r\n" + ROW + "\r\n").encode("utf-16-le"),
    "NUL byte": lines(HEADER, ROW.replace("Title", "Ti\x00tle")),
    "ragged short row": lines(HEADER, ROW, "u2,CHN,CUB"),
    "ragged long row": lines(HEADER, ROW + ",extra"),
    "missing header": lines(ROW),
    "missing required column": lines("uid,actor,partner,kind,date", "u1,CHN,CUB,aid,2023"),
    "duplicated header": lines(HEADER + ",title", ROW + ",again"),
    "unknown column": lines(HEADER + ",colour", ROW + ",red"),
    "field of 10 MB": lines(HEADER, row(title="x" * 10_000_000)),
    "100,000 columns": lines(",".join(f"c{i}" for i in range(100_000)), ",".join("1" * 100_000)),
    "header only": lines(HEADER),
    "empty file": b"",
    "unterminated quote": lines(HEADER, row(title='"never closed'), ROW.replace("u1", "u2")),
    "date 2023-02-30": lines(HEADER, row(date="2023-02-30")),
    "date 99999": lines(HEADER, row(date="99999")),
    "amount NaN": lines(HEADER, row(amount="NaN")),
    "amount inf": lines(HEADER, row(amount="inf")),
    "amount 1e400": lines(HEADER, row(amount="1e400")),
    "amount -5": lines(HEADER, row(amount="-5")),
    "currency XYZ": lines(HEADER, row(currency="XYZ")),
    "same country on both sides": lines(HEADER, row(partner="CHN")),
    "uid repeated in the file": lines(HEADER, ROW, ROW),
    "file:// source": lines(HEADER + ",sources", ROW + ",Pub | T | file:///etc/passwd"),
    "control character in title": lines(HEADER, row(title="bell\x07")),
}


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_and_changes_nothing(name, seeded_path, tmp_path, figures):
    from bilateral.db.store import open_database

    path = tmp_path / "hostile.csv"
    path.write_bytes(HOSTILE[name])
    db = open_database(seeded_path)
    before = db.execute("SELECT count(*), max(updated_at) FROM records").fetchone()
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(db, path, on_duplicate="update")
    after = db.execute("SELECT count(*), max(updated_at) FROM records").fetchone()
    problem = failed.value.report.problems[0]
    assert problem.reason and (problem.row > 0 or problem.column == "")
    assert after == before
    figures["hostile CSV"]["files tried"] += 1
    figures["hostile CSV"]["rows changed"] += abs(after[0] - before[0])


def test_a_huge_line_is_refused_without_reading_it_into_memory(empty_db, tmp_path):
    path = tmp_path / "one-line.csv"
    with path.open("wb") as handle:
        handle.write((HEADER + "\r\n").encode())
        for _ in range(40):
            handle.write(b"x" * 1_000_000)
    tracemalloc.start()
    with pytest.raises(csvfile.ImportFailed):
        csvfile.import_records(empty_db, path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 30_000_000


def test_problems_name_row_column_and_reason(empty_db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(lines(HEADER, ROW, row(uid="u2", amount="-5", currency="XYZ")))
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(empty_db, path)
    found = {(p.row, p.column, p.reason) for p in failed.value.report.problems}
    assert found == {
        (3, "amount", "cannot be negative"),
        (3, "currency", "'XYZ' is not an ISO 4217 currency"),
    }

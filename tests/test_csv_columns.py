"""The column-wise import stores exactly what the row-by-row one does, or leaves the file to it."""

from __future__ import annotations

import csv
import itertools
import os
import random
import sqlite3
import subprocess
import sys
import unicodedata
import uuid
from pathlib import Path

import pytest
from benchmarks.generate import generate  # tests/ is on the path: it has no __init__
from hypothesis import given, settings
from hypothesis import strategies as st

from bilateral.db import csv_columns, csv_importer, csv_scan, csvfile, history, validation
from bilateral.db.cells import COLUMNS, neutralise, record_to_row
from bilateral.db.csv_rows import ImportFailed
from bilateral.db.errors import Cancelled
from bilateral.db.store import open_database

TABLES = (
    "records",
    "sectors",
    "participants",
    "sources",
    "links",
    "other_parties",
    "records_fts",
    "summary_totals",
    "revisions",
    "import_batches",
)
STAMP = "2026-01-02T03:04:05Z"


@pytest.fixture(autouse=True)
def _one_clock(monkeypatch):
    """Both imports stamp the same time, so that their databases compare equal."""
    monkeypatch.setattr(validation, "now", lambda: STAMP)
    monkeypatch.setattr(history, "now", lambda: STAMP)
    monkeypatch.setattr(csv_importer.batches, "now", lambda: STAMP)


@pytest.fixture
def staged_calls(monkeypatch):
    """What each column-wise attempt gave: a Staged side file, or None."""
    calls = []
    stage = csv_columns.stage

    def spy(*args, **kwargs):
        calls.append(stage(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(csv_columns, "stage", spy)
    return calls


def rows(count: int, seed: int = 7) -> list[dict[str, str]]:
    """Records as the records CSV writes them (generated, as by the benchmark)."""
    return [
        dict(zip(COLUMNS, (neutralise(c) for c in record_to_row(r)), strict=True))
        for r in generate(count, seed)
    ]


def write(path: Path, table: list[dict[str, str]], delimiter=",", bom=False, columns=COLUMNS):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([row.get(c, "") for c in columns] for row in table)
    return path


def import_both(tmp_path: Path, source: Path, monkeypatch, **options):
    """Import ``source`` row by row and column-wise into two fresh databases.

    :return: each import's report (or ImportFailed's message) and its database's tables.
    """
    found = []
    for name, least in (("rows", 1 << 60), ("columns", 0)):
        monkeypatch.setattr(csv_columns, "MIN_BYTES", least)
        # The uids given to rows without one: the same in both imports.
        numbers = itertools.count()
        monkeypatch.setattr(validation.uuid, "uuid4", lambda n=numbers: uuid.UUID(int=next(n)))
        path = tmp_path / f"{name}.db"
        db = open_database(path)
        try:
            report = csvfile.import_records(db, source, **options)
            outcome = (report.added, report.problems, report.notes, report.duplicates)
        except ImportFailed as error:
            outcome = str(error)
        finally:
            db.close()
        found.append((outcome, dump(path)))
    return found


def dump(path: Path) -> dict[str, list]:
    """Every row of each table (summary_totals has no rowid: sorted), and the journal mode."""
    with sqlite3.connect(path) as conn:
        tables = {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES
        }
        tables["journal"] = conn.execute("PRAGMA journal_mode").fetchall()
    conn.close()
    return tables


def variant(table: list[dict[str, str]], how: str) -> list[dict[str, str]]:
    """The same records typed as people type them, each a way the columns must read."""
    rng = random.Random(how)
    out = [dict(row) for row in table]
    for row in out:
        if how == "typed":
            row["actor"] = {"RUS": "Russia", "CHN": " chn ", "CUB": "Cuba"}.get(
                row["actor"], row["actor"]
            )
            row["kind"] = f" {row['kind'].title()} "
            row["currency"] = row["currency"].lower()
            if rng.random() < 0.3:
                row["direction"] = ""
            if rng.random() < 0.3 and row["status"] == "completed":
                row["status"] = ""
            row["terms_disclosed"] = rng.choice(["yes", "TRUE", "1", ""])
            row["title"] = f"  {row['title']}\t"
            row["sectors"] = row["sectors"].replace("; ", " ;  ") + ("; " if row["sectors"] else "")
        elif how == "text":
            if rng.random() < 0.2:
                row["title"] = "Zhōngguó – Кубинский визит «2023»"
                row["summary"] = 'A "quoted" line,\r\nand another; with | bars'
            if rng.random() < 0.1:
                row["title"] = neutralise("=HYPERLINK(1)")
                row["claimed_by"] = neutralise("-so they say")
            if rng.random() < 0.1:
                row["goldstein"] = neutralise("-4.5")
    return out


@pytest.mark.parametrize(
    "how, delimiter, bom, columns",
    [
        ("as exported", ",", False, COLUMNS),
        ("as exported", ";", True, COLUMNS),
        ("typed", ",", False, COLUMNS),
        ("text", "\t", False, COLUMNS),
        (
            "as exported",
            ",",
            False,
            ("title", "uid", "kind", "date", "partner", "actor", "sources"),
        ),
    ],
)
def test_the_columns_store_what_the_rows_store(
    tmp_path, monkeypatch, staged_calls, how, delimiter, bom, columns
):
    source = write(tmp_path / "in.csv", variant(rows(1500), how), delimiter, bom, columns)
    (by_rows, rows_tables), (by_columns, columns_tables) = import_both(
        tmp_path, source, monkeypatch
    )
    assert [type(call).__name__ for call in staged_calls] == ["Staged"]
    assert by_columns == by_rows
    assert by_rows[0] == 1500
    for table in (*TABLES, "journal"):
        assert columns_tables[table] == rows_tables[table], table
    assert columns_tables["journal"] == [("wal",)]
    assert not list(tmp_path.glob(".bilateral-staging-*"))


# Rows the columns cannot vouch for: each sends the whole file to the row-by-row import,
# which then gives exactly its usual report or message.
DOUBTS = {
    "text after a closing quote": lambda r: r.update(title='"Visit"s'),
    "a quote inside a cell": lambda r: r.update(title='A "visit'),  # written bare below
    "a control character": lambda r: r.update(summary="bell \x07"),
    "a C1 control character": lambda r: r.update(summary="next \x85 line"),
    "an amount to convert at the ECB rate": lambda r: r.update(
        amount="1000", currency="EUR", amount_usd="", usd_basis="", date="2020-03-04"
    ),
    "a row without uid": lambda r: r.update(uid=""),
    "a link": lambda r: r.update(links="part-of | bench-000000001"),
    "another party": lambda r: r.update(other_parties="EU | observer"),
    "an escaped list": lambda r: r.update(sectors="ports\\; harbours"),
    "a bad date": lambda r: r.update(date="2023-02-30"),
    "an unknown country": lambda r: r.update(partner="Atlantis"),
    "too many values in a source": lambda r: r.update(sources="a | b | c | d | e | f"),
    "text not in NFC": lambda r: r.update(title=unicodedata.normalize("NFD", "Café visit")),
    "an amount with spaces": lambda r: r.update(amount=" 12 ", currency="USD", amount_usd="12"),
    "an amount too large": lambda r: r.update(
        amount="9" * 17, currency="USD", amount_usd="9" * 17, usd_basis="source"
    ),
    "a non-breaking space at the end": lambda r: r.update(title="Visit\u00a0"),
    "a blank title": lambda r: r.update(title="\u200b"),
    "an empty participant name": lambda r: r.update(participants=" | CUB | envoy"),
    "a URL without host": lambda r: r.update(sources="Pub | T | https:///x"),
    "the actor as partner": lambda r: r.update(partner=r["actor"]),
    "a bad timestamp": lambda r: r.update(updated_at="yesterday"),
    "a bad cameo code": lambda r: r.update(cameo_code="999"),
    "an unknown kind": lambda r: r.update(kind="picnic"),
    "ends before it starts": lambda r: r.update(date="2020-05", end_date="2020-04-30"),
}


@pytest.mark.parametrize("doubt", DOUBTS)
def test_a_row_the_columns_cannot_vouch_for_leaves_the_file_to_the_rows(
    tmp_path, monkeypatch, staged_calls, doubt
):
    table = rows(300)
    DOUBTS[doubt](table[150])
    source = write(tmp_path / "in.csv", table)
    # What csv.writer never writes, but people and other programs do.
    bare = {"text after a closing quote": '"Visit"s', "a quote inside a cell": 'A "visit'}
    if doubt in bare:
        text = source.read_text("utf-8")
        quoted = '"' + table[150]["title"].replace('"', '""') + '"'
        assert quoted in text
        source.write_text(text.replace(quoted, bare[doubt]), "utf-8", newline="")
    (by_rows, rows_tables), (by_columns, columns_tables) = import_both(
        tmp_path, source, monkeypatch
    )
    assert staged_calls == [None]
    assert by_columns == by_rows
    assert columns_tables == rows_tables
    assert not list(tmp_path.glob(".bilateral-staging-*"))


def test_a_uid_twice_in_the_file_or_already_stored_goes_row_by_row(
    tmp_path, monkeypatch, staged_calls
):
    table = rows(200)
    table[120]["uid"] = table[30]["uid"]
    source = write(tmp_path / "twice.csv", table)
    (by_rows, _), (by_columns, columns_tables) = import_both(tmp_path, source, monkeypatch)
    assert "appears twice in the file (rows 32 and 122)" in by_rows
    assert by_columns == by_rows
    assert columns_tables["records"] == []
    # Staged, then refused by the uid's UNIQUE index, then imported row by row.
    assert type(staged_calls[0]).__name__ == "Staged"

    monkeypatch.setattr(csv_columns, "MIN_BYTES", 0)
    db = open_database(tmp_path / "again.db")
    first = write(tmp_path / "first.csv", rows(50))
    assert csvfile.import_records(db, first).added == 50
    report = csvfile.import_records(db, write(tmp_path / "more.csv", rows(80)))
    assert (report.added, report.unchanged) == (30, 50)
    db.close()


def test_a_dry_run_counts_and_changes_nothing(tmp_path, monkeypatch, staged_calls):
    monkeypatch.setattr(csv_columns, "MIN_BYTES", 0)
    path = tmp_path / "dry.db"
    open_database(path).close()
    before = dump(path)
    db = open_database(path)
    report = csvfile.import_records(db, write(tmp_path / "in.csv", rows(400)), dry_run=True)
    db.close()
    assert (report.added, report.committed) == (400, False)
    assert type(staged_calls[0]).__name__ == "Staged"
    assert dump(path) == before


@pytest.mark.parametrize("when", ["checking", "loading", "indexing"])
def test_a_cancelled_import_changes_nothing_and_leaves_no_side_file(tmp_path, monkeypatch, when):
    monkeypatch.setattr(csv_columns, "MIN_BYTES", 0)
    monkeypatch.setattr(csv_columns, "BLOCK", 64 << 10)  # several batches
    path = tmp_path / "cancel.db"
    open_database(path).close()
    before = dump(path)
    steps = []
    load = csv_importer.Importer._load

    def spy(self, staged):
        steps.append("loading")
        load(self, staged)
        steps.append("loaded")  # what follows: the search index, the indexes, the totals

    monkeypatch.setattr(csv_importer.Importer, "_load", spy)
    fractions = []
    cancel = {
        "checking": lambda: len(fractions) > 2,
        "loading": lambda: "loading" in steps,
        "indexing": lambda: "loaded" in steps,
    }[when]
    db = open_database(path)
    with pytest.raises(Cancelled):
        csvfile.import_records(
            db, write(tmp_path / "in.csv", rows(2000)), progress=fractions.append, cancelled=cancel
        )
    db.close()
    assert (
        steps == {"checking": [], "loading": ["loading"], "indexing": ["loading", "loaded"]}[when]
    )
    assert dump(path) == before
    assert not list(tmp_path.glob(".bilateral-staging-*"))


def test_a_staged_import_tells_its_progress_to_the_end(tmp_path, monkeypatch, staged_calls):
    monkeypatch.setattr(csv_columns, "MIN_BYTES", 0)
    monkeypatch.setattr(csv_columns, "BLOCK", 64 << 10)
    fractions = []
    db = open_database(tmp_path / "progress.db")
    csvfile.import_records(db, write(tmp_path / "in.csv", rows(2000)), progress=fractions.append)
    db.close()
    assert type(staged_calls[0]).__name__ == "Staged"
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0 and len(set(fractions)) > 5


def test_another_connection_keeps_the_file_in_wal_and_the_import_still_runs(
    tmp_path, monkeypatch, staged_calls
):
    monkeypatch.setattr(csv_columns, "MIN_BYTES", 0)
    path = tmp_path / "shared.db"
    open_database(path).close()
    reader = sqlite3.connect(path)
    reader.execute("SELECT count(*) FROM records").fetchone()  # holds the WAL index open
    db = open_database(path)
    report = csvfile.import_records(db, write(tmp_path / "in.csv", rows(300)))
    db.close()
    assert report.added == 300
    assert type(staged_calls[0]).__name__ == "Staged"
    assert reader.execute("SELECT count(*) FROM records").fetchone() == (300,)
    assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    reader.close()


def test_the_batch_keeps_the_files_hash(tmp_path, monkeypatch):
    import hashlib

    monkeypatch.setattr(csv_columns, "MIN_BYTES", 0)
    source = write(tmp_path / "in.csv", rows(300))
    db = open_database(tmp_path / "hash.db")
    csvfile.import_records(db, source)
    (stored,) = db.execute("SELECT sha256 FROM import_batches").fetchone()
    db.close()
    assert stored == hashlib.sha256(source.read_bytes()).hexdigest()


def test_the_quoting_scan_follows_the_file_across_its_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_scan, "WINDOW", 7)
    good = tmp_path / "good.csv"
    good.write_bytes(b'a,b\r\n"x,""y""",z\r\n"",""""\r\n')
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b'a,b\r\n"x,""y""",z\r\n"q"r,s\r\n')
    assert csv_scan.scan(good, ",")[1] is True
    assert csv_scan.scan(bad, ",")[1] is False


def test_side_files_of_killed_imports_are_removed_by_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_columns, "MIN_BYTES", 0)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / f"{csv_columns.STAGING}{dead.pid}-abc.db"
    left.write_bytes(b"x" * 100)
    (tmp_path / f"{left.name}-journal").write_bytes(b"x")
    running = tmp_path / f"{csv_columns.STAGING}{os.getppid()}-abc.db"  # a live process's
    running.write_bytes(b"x")
    db = open_database(tmp_path / "next.db")
    assert csvfile.import_records(db, write(tmp_path / "in.csv", rows(100))).added == 100
    db.close()
    assert sorted(p.name for p in tmp_path.glob(f"{csv_columns.STAGING}*")) == [running.name]


@given(
    whole=st.text("0123456789", min_size=1, max_size=16),
    fraction=st.one_of(st.none(), st.text("0123456789", min_size=1, max_size=20)),
)
@settings(max_examples=300, deadline=None)
def test_an_amount_reads_as_python_reads_it(whole, fraction):
    import pyarrow as pa

    from bilateral.db import column_checks

    text = whole if fraction is None else f"{whole}.{fraction}"
    if float(text) > validation.MAX_AMOUNT:
        with pytest.raises(column_checks.NotClean):
            column_checks._amount(pa.array([text]))
    else:
        assert column_checks._amount(pa.array([text])).to_pylist() == [float(text)]

"""Bulk imports: secondary indexes dropped and rebuilt, statistics gathered, nothing lost."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from bilateral.db.csv_rows import row_to_record
from bilateral.db.csvfile import ImportFailed, ImportReport, import_records
from bilateral.db.query import Filter, list_ids
from bilateral.db.records import Participant, Record, Source
from bilateral.db.validation import normalise

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "china-cuba-2023.csv"


def indexes(db) -> list[tuple[str, str]]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    return rows.fetchall()


def test_import_into_an_empty_database_ends_with_every_index(empty_db):
    before = indexes(empty_db)
    import_records(empty_db, SEEDS)
    assert indexes(empty_db) == before


def test_dry_run_keeps_every_index(empty_db):
    before = indexes(empty_db)
    import_records(empty_db, SEEDS, dry_run=True)
    assert indexes(empty_db) == before


def test_failed_import_keeps_every_index(empty_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(SEEDS.read_text(encoding="utf-8").replace("CUB,", "XXX,", 1), encoding="utf-8")
    before = indexes(empty_db)
    with pytest.raises(ImportFailed):
        import_records(empty_db, bad)
    assert indexes(empty_db) == before


def test_bulk_import_gathers_planner_statistics(empty_db):
    import_records(empty_db, SEEDS)
    assert empty_db.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0


def test_rebuilt_indexes_serve_the_date_order(empty_db):
    import_records(empty_db, SEEDS)
    dated = empty_db.execute("SELECT id FROM records ORDER BY date, id").fetchall()
    assert list_ids(empty_db, Filter()) == [i for (i,) in dated]


def test_normalise_strips_every_text_field():
    padded = {f.name: " x " for f in fields(Record) if f.type == "str"}
    record = normalise(
        Record(
            **padded,
            sectors=[" s "],
            participants=[Participant(" n ", " c ", " r ")],
            sources=[Source(" p ", " t ", " u ", " d ", " q ")],
        )
    )
    texts = [getattr(record, name) for name in padded]
    texts += record.sectors + list(vars(record.participants[0]).values())
    texts += list(vars(record.sources[0]).values())
    assert all(t == t.strip() for t in texts)


def test_rows_come_out_of_the_csv_already_normalised():
    cells = {
        "uid": " u-1 ",
        "actor": " chn ",
        "partner": "cub ",
        "direction": " Mutual ",
        "kind": " Aid",
        "date": " 2023 ",
        "end_date": " 2024 ",
        "title": " A title ",
        "summary": " s ",
        "location": " l ",
        "amount": "5",
        "currency": " eur ",
        "status": " Signed ",
        "sectors": " ports ; | x ;  ",
        "participants": " Ana | cub | minister ; Bo",
        "sources": " Pub | T | https://a.example | 2023 | q ",
        "cameo_code": " 070 ",
        "created_at": " 2023-01-01T00:00:00Z ",
    }
    record = row_to_record(cells, 2, ImportReport())
    assert normalise(record) == record

"""Records CSV: lossless round trip, cell encodings and formula neutralisation."""

from __future__ import annotations

import io

import pytest

from bilateral.db import cells, csv_export, csvfile
from bilateral.db.records import Participant, Record, Source, add_record, get_record
from bilateral.db.store import open_database


def export_text(db, **kwargs) -> str:
    buffer = io.StringIO(newline="")
    csv_export.export_records(db, buffer, **kwargs)
    return buffer.getvalue()


def test_export_import_export_is_byte_identical(seeded_path, tmp_path):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    csv_export.export_records(open_database(seeded_path), first)
    copy = open_database(tmp_path / "copy.db")
    csvfile.import_records(copy, first)
    csv_export.export_records(copy, second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    "values",
    [
        [["a"], ["b"]],
        [["semi;colon", "pipe|bar", "back\\slash"]],
        [["new\nline", "", "trailing\\"]],
        [["Xi Jinping", "CHN", "President"], ["Li Qiang", "CHN", "Premier"]],
    ],
)
def test_multi_valued_cells_decode_to_what_was_encoded(values):
    assert cells.decode_items(cells.encode_items(values)) == values


@pytest.mark.parametrize("cell", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "''+y"])
def test_formula_cells_are_neutralised_and_restored(cell):
    neutral = cells.neutralise(cell)
    assert neutral.startswith("'")
    assert cells.restore(neutral) == cell


@pytest.mark.parametrize("cell", ["plain", "'quoted", "", "1-2"])
def test_ordinary_cells_are_left_alone(cell):
    assert cells.neutralise(cell) == cell
    assert cells.restore(cell) == cell


def test_formula_text_survives_a_round_trip(empty_db, tmp_path):
    record = Record(
        actor="CHN",
        partner="CUB",
        kind="statement",
        date="2023",
        title='=HYPERLINK("http://x")',
        summary="-minus; and | pipes",
        participants=[Participant("@handle", "CHN", "+role")],
        sources=[Source(publisher="=cmd", quote="'=already")],
    )
    record_id = add_record(empty_db, record)
    path = tmp_path / "out.csv"
    csv_export.export_records(empty_db, path)
    assert "'=HYPERLINK" in path.read_text(encoding="utf-8")
    copy = open_database(tmp_path / "copy.db")
    csvfile.import_records(copy, path)
    original, restored = get_record(empty_db, record_id), get_record(copy, 1)
    assert (restored.title, restored.summary, restored.participants, restored.sources) == (
        original.title,
        original.summary,
        original.participants,
        original.sources,
    )


def test_bom_is_written_on_request_and_read_back(seeded_db, tmp_path):
    path = tmp_path / "excel.csv"
    csv_export.export_records(seeded_db, path, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfuid,")
    report = csvfile.import_records(open_database(tmp_path / "copy.db"), path)
    assert report.added == 19


def test_export_follows_the_filter(seeded_db):
    from bilateral.db.query import Filter

    text = export_text(seeded_db, where=Filter(pair="BLR-CUB"))
    assert text.count("\r\n") == 2 and "Belarus" in text

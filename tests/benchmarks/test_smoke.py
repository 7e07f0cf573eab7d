"""The scale suite at a small N: the generator's promises and a smoke run of every measurement."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from bilateral.db.csv_export import export_records
from bilateral.db.csvfile import import_records
from bilateral.db.records import kind_defaults
from bilateral.db.schema import BUILTIN_KINDS
from bilateral.db.validation import normalise, validate

from . import floor, generate, measure, run

SMOKE_RECORDS = 2000
MEASUREMENTS = (
    "import records CSV",
    "  no-Python floor, same schema",
    "  import / no-Python floor",
    "  import with history / without",
    "  file with history / without",
    "export records CSV",
    "CLI summary, whole command",
    "summary in the window: first rows",
    "summary, whole CSV",
    "search, first page",
    "table jump to a random row",
    "select pair CHN-CUB",
    "open to first paint",
    "timeline redraw after a filter change",
)


def test_generator_writes_the_same_file_for_the_same_seed(tmp_path):
    first = generate.write_csv(tmp_path / "a.csv", 300)
    second = generate.write_csv(tmp_path / "b.csv", 300)
    assert first.read_bytes() == second.read_bytes()


def test_generated_records_pass_validation(empty_db):
    kinds = kind_defaults(empty_db)
    problems = [
        (record.uid, problem)
        for record in generate.generate(SMOKE_RECORDS)
        for problem in validate(normalise(record), kinds)
    ]
    assert problems == []


def test_generated_csv_reads_back_as_the_export_writes_it(tmp_path, empty_db):
    written = generate.write_csv(tmp_path / "generated.csv", 500)
    import_records(empty_db, written)
    export_records(empty_db, tmp_path / "exported.csv")
    lines = [
        sorted(p.read_text("utf-8").splitlines()) for p in (written, tmp_path / "exported.csv")
    ]
    assert lines[0] == lines[1]


def test_generator_gives_the_big_pair_a_tenth_of_the_records():
    pairs = Counter(record.pair for record in generate.generate(SMOKE_RECORDS))
    (pair, count), *_ = pairs.most_common(1)
    assert pair == "CHN-CUB" and count >= 0.08 * SMOKE_RECORDS


def test_generator_uses_every_builtin_kind():
    kinds = {record.kind for record in generate.generate(SMOKE_RECORDS)}
    assert kinds == {name for name, *_ in BUILTIN_KINDS}


@pytest.fixture(scope="module")
def smoke_rows(tmp_path_factory):
    """The suite's rows at 2,000 records, run once for the tests below."""
    workdir = tmp_path_factory.mktemp("bench")
    return run.Suite(SMOKE_RECORDS, workdir, repeats=1, seed=generate.DEFAULT_SEED).run()


def test_smoke_run_has_a_figure_for_every_measurement(smoke_rows):
    figures = {row.name: row.value for row in smoke_rows}
    assert all(isinstance(figures.get(name), float) for name in MEASUREMENTS)


@pytest.mark.skipif(measure.sqlite_cli() is None, reason="the sqlite3 command-line tool is missing")
def test_smoke_run_compares_import_and_export_with_sqlite(smoke_rows):
    ratios = {row.name: row.ratio for row in smoke_rows}
    compared = ("import records CSV", "  no-Python floor, same schema", "export records CSV")
    assert all(isinstance(ratios[name], float) for name in compared)


def test_smoke_run_judges_each_target_of_the_scale_issue(smoke_rows):
    rows = {row.name: row for row in smoke_rows}
    targets = {
        "import records CSV": "≤ 6× .import",
        "  import / no-Python floor": "≤ 1.3×",
        "export records CSV": "≤ 4× sqlite3 -csv",
        "CLI summary, whole command": "≤ 1 s",
        "summary in the window: first rows": "≤ 0.1 s",
        "summary, whole CSV": "≤ 0.8 s",
        "timeline redraw after a filter change": "≤ 0.15 s",
    }
    assert {name: rows[name].target for name in targets} == targets
    assert all(isinstance(rows[name].met, bool) for name in targets)


@pytest.mark.skipif(measure.sqlite_cli() is None, reason="the sqlite3 command-line tool is missing")
def test_no_python_floor_loads_what_the_import_writes(tmp_path):
    csv_path = generate.write_csv(tmp_path / "records.csv", 300)
    app_db, floor_db = tmp_path / "app.db", tmp_path / "floor.db"
    measure.app_import(csv_path, app_db)
    floor.cli_floor(csv_path, floor_db, tmp_path)
    tables = ("records", "sectors", "participants", "sources", "records_fts", "import_batches")
    with sqlite3.connect(floor_db) as conn:
        conn.execute("ATTACH ? AS app", (str(app_db),))
        for table in tables:
            # Same count and no row of one missing from the other: the same rows.
            rows = f"SELECT rowid, * FROM main.{table} EXCEPT SELECT rowid, * FROM app.{table}"
            if table == "import_batches":  # its time and the file's size and hash differ
                rows = "SELECT id, file, added FROM main.import_batches EXCEPT "
                rows += "SELECT id, file, added FROM app.import_batches"
            counts = f"(SELECT count(*) FROM main.{table}), (SELECT count(*) FROM app.{table})"
            found, theirs = conn.execute(f"SELECT {counts}").fetchone()
            assert found == theirs and found > 0, table
            assert conn.execute(f"SELECT count(*) FROM ({rows})").fetchone() == (0,), table
        revisions = "SELECT uid, number, operation, origin, batch_id, detail FROM {}.revisions"
        different = f"{revisions.format('main')} EXCEPT {revisions.format('app')}"
        assert conn.execute(f"SELECT count(*) FROM ({different})").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM main.records").fetchone() == (300,)


def test_markdown_table_has_a_line_per_row(smoke_rows):
    lines = run.table(smoke_rows, markdown=True).splitlines()
    assert len(lines) == len(smoke_rows) + 2

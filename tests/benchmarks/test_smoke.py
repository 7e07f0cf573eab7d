"""The scale suite at a small N: the generator's promises and a smoke run of every measurement."""

from __future__ import annotations

from collections import Counter

import pytest

from bilateral.db.csv_export import export_records
from bilateral.db.csvfile import import_records
from bilateral.db.records import kind_defaults
from bilateral.db.schema import BUILTIN_KINDS
from bilateral.db.validation import normalise, validate

from . import generate, measure, run

SMOKE_RECORDS = 2000
MEASUREMENTS = (
    "import CSV",
    "  import with history / without",
    "  file with history / without",
    "export records",
    "summary by year, all pairs",
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
    assert all(isinstance(ratios[name], float) for name in ("import CSV", "export records"))


def test_markdown_table_has_a_line_per_row(smoke_rows):
    lines = run.table(smoke_rows, markdown=True).splitlines()
    assert len(lines) == len(smoke_rows) + 2

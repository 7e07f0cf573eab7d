"""The GDELT benchmark at a small N: its file keeps GDELT's shape, and a smoke run."""

from __future__ import annotations

import pytest

from bilateral.db import gdelt as gdelt_import

from . import gdelt, measure


def test_generated_rows_keep_the_real_shape_and_vary_ids_and_days(tmp_path, empty_db):
    path = gdelt.write_tsv(tmp_path / "g.export.CSV", 300)
    rows = [line.split("\t") for line in path.read_text("utf-8").splitlines()]
    assert len(rows) == 300 and {len(row) for row in rows} == {61}
    assert len({row[0] for row in rows}) == 300
    sample = [line.split("\t") for line in gdelt.SAMPLE.read_text("utf-8").splitlines()]
    assert rows[57][7:58] == sample[1][7:58]  # all but the id and the days are the real row's
    assert gdelt.write_tsv(tmp_path / "again.CSV", 300).read_bytes() == path.read_bytes()
    result = gdelt_import.import_gdelt(empty_db, path)
    assert result.report.committed and result.kept == result.report.added > 0


@pytest.mark.skipif(measure.sqlite_cli() is None, reason="the sqlite3 tool is not installed")
def test_smoke_run(tmp_path, capsys):
    assert gdelt.main(["--rows", "2000", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "import GDELT 2,000 rows" in out and "sqlite3 .import" in out
    assert "Read 2,000 GDELT events" in out and "--group day" in out

"""The team view: a snapshot whose summary views are the CLI's summary, served by Datasette."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from test_cli import COMMAND, run

from bilateral.db import serving, summary
from bilateral.db.cells import format_number
from bilateral.db.connection import connect, write_transaction
from bilateral.db.csvfile import import_records
from bilateral.db.query import PERIODS

HEADER = "uid,actor,partner,direction,kind,date,end_date,title,amount,currency,amount_usd,usd_basis,status,claim_status,claimed_by,links\n"
# Every rule of db.counting at once: a chain with a cancelled end, a trip with parts of
# its own kind and of another, duplicates, a superseded record, claims denied and
# confirmed, a membership in force with no end, both sides' money.
LINKED = (
    "p,CHN,CUB,,loan,2019,,Pledged,50,USD,,,pledged,,,\n"
    "s,CHN,CUB,,loan,2020-02,,Signed,40,USD,,,signed,,,fulfils | p\n"
    "d,CHN,CUB,,loan,2021-05-03,,Disbursed,30,USD,,,completed,,,fulfils | s\n"
    "c,CHN,CUB,,loan,2022,,Cancelled,30,USD,,,cancelled,,,fulfils | d\n"
    "trip,CUB,CHN,,visit,2023-11,2023-11-09,Trip,,,,,completed,,,\n"
    "a,CUB,CHN,,visit,2023-11-04,,Stop,,,,,completed,,,part-of | trip\n"
    "b,CUB,CHN,mutual,meeting,2023-11-06,,Meeting,,,,,completed,,,part-of | trip\n"
    "one,CUB,CHN,,aid,2020,,Aid,10,USD,,,completed,,,\n"
    "two,CUB,CHN,,aid,2020,,Aid again,10,USD,,,completed,,,same-as | one\n"
    "old,CHN,CUB,,aid,2021,,Misdated,10,USD,,,completed,,,\n"
    "new,CHN,CUB,,aid,2020-03,,Corrected,12,USD,,,completed,,,supersedes | old\n"
    "base,CHN,CUB,,security,2023-06,,Base,,,,,completed,claimed,WSJ,\n"
    "no,CUB,CHN,,statement,2023-06,,Denial,,,,,completed,,,denies | base\n"
    "talk,CHN,CUB,,security,2022,,Talks,,,,,completed,claimed,Herald,\n"
    "yes,CUB,CHN,,statement,2022-07,,Confirmed,,,,,completed,,,confirms | talk\n"
    "gone,CHN,CUB,,aid,2022,,Retracted,5,USD,,,completed,retracted,Paper,\n"
    "join,CUB,CHN,mutual,membership,2019,,Joined,,,,,in force,,,\n"
)


def _view(path, by: str) -> list[tuple]:
    snapshot = connect(path)
    try:
        return [tuple(row) for row in snapshot.conn.execute(f"SELECT * FROM summary_by_{by}")]
    finally:
        snapshot.close()


@pytest.mark.parametrize("by", PERIODS)
def test_the_snapshot_summary_is_the_summary_row_for_row(seeded_db, tmp_path, by):
    serving.prepare_snapshot(seeded_db, tmp_path / "s.db")
    expected = [tuple(row) for row in summary.summarize(seeded_db, by)]
    assert expected and _view(tmp_path / "s.db", by) == expected


def test_the_snapshot_summary_of_one_pair_is_that_pairs_rows(seeded_db, tmp_path):
    serving.prepare_snapshot(seeded_db, tmp_path / "s.db")
    view = [row for row in _view(tmp_path / "s.db", "year") if row[0] == "CHN-CUB"]
    expected = [tuple(r) for r in summary.summarize(seeded_db, "year") if r.pair == "CHN-CUB"]
    assert len(expected) > 5 and view == expected


@pytest.mark.parametrize("by", PERIODS)
def test_every_counting_rule_gives_the_same_rows_in_the_view(empty_db, tmp_path, by):
    records = tmp_path / "linked.csv"
    records.write_text(HEADER + LINKED, encoding="utf-8")
    import_records(empty_db, records)
    serving.prepare_snapshot(empty_db, tmp_path / "s.db")
    expected = [tuple(row) for row in summary.summarize(empty_db, by)]
    assert len(expected) >= 6 and _view(tmp_path / "s.db", by) == expected


def test_the_snapshot_leaves_the_database_as_it_was(seeded_path, tmp_path):
    before = _sha256(seeded_path)
    db = connect(seeded_path)
    taken = serving.prepare_snapshot(db, tmp_path / "s.db")
    db.close()
    assert _sha256(seeded_path) == before
    snapshot = connect(tmp_path / "s.db")
    assert snapshot.conn.execute("SELECT taken FROM snapshot").fetchone() == (taken,)
    years = dict(snapshot.conn.execute("SELECT year, count(*) FROM records GROUP BY year"))
    assert years["2023"] == 14
    snapshot.close()


def test_the_metadata_describes_every_table_and_the_canned_queries(seeded_db, tmp_path):
    meta = serving.metadata("2026-06-01T12:00:00Z", "team.db")
    assert "team.db taken at 2026-06-01T12:00:00Z" in meta["description"]
    database = meta["databases"][serving.DATABASE]
    tables = database["tables"]
    for table in ("records", "sectors", "participants", "sources", "links", "other_parties"):
        assert tables[table]["description"]
    for table in ("parties", "party_members", "revisions", "import_batches"):
        assert tables[table]["description"]
    assert tables["records"]["facets"] == ["pair", "kind", "status", "claim_status", "year"]
    assert tables["settings"]["hidden"] and tables["_sqlite_migrations"]["hidden"]
    # The kept totals count no links and hold cents: the summary views are what to read.
    assert tables["summary_totals"]["hidden"]
    assert set(database["queries"]) >= {"summary", "summary_by_quarter", "records_of_pair"}
    serving.prepare_snapshot(seeded_db, tmp_path / "s.db")
    snapshot = connect(tmp_path / "s.db")
    for table, described in tables.items():
        # Generated columns (pair, year…) are listed by table_xinfo only.
        found = {row[1] for row in snapshot.conn.execute(f"PRAGMA table_xinfo({table})")}
        assert found, table
        assert set(described.get("columns", {})) <= found, table
    snapshot.close()


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read()
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def _start(path, port: int, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [*COMMAND, "serve", "--db", str(path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def _cells(row: dict) -> list[str]:
    # As export_summary writes them.
    return [format_number(float(v)) if isinstance(v, float) else str(v) for v in row.values()]


def test_serve_shows_the_records_and_the_summary_of_the_cli(seeded_path, tmp_path):
    pytest.importorskip("datasette")
    before = _sha256(seeded_path)
    port = _free_port()
    folder = tmp_path / "tmp"
    folder.mkdir()
    env = {**os.environ, "TMPDIR": str(folder)}
    server = _start(seeded_path, port, env)
    base = f"http://127.0.0.1:{port}/{serving.DATABASE}"
    try:
        _wait_for(base, server)
        home = _get(f"http://127.0.0.1:{port}/")
        assert "Bilateral" in home and "taken at" in home
        assert "restart `bilateral serve`" in _get(base)
        page = _get(f"{base}/records")
        assert "Marrero&#39;s week-long official visit to China" in page
        found = json.loads(_get(f"{base}/records.json?_search=spy&_shape=array&_col=uid"))
        assert {r["uid"] for r in found} >= {"seed-chn-cub-spy-base-report-2023"}
        served = json.loads(_get(f"{base}/summary.json?_shape=array&pair="))
        cli = run("export", "summary", "--by", "year", "--db", seeded_path)
        assert cli.returncode == 0, cli.stderr
        lines = list(csv.reader(io.StringIO(cli.stdout)))
        assert list(served[0]) == lines[0]
        assert [_cells(row) for row in served] == lines[1:]
        one = json.loads(_get(f"{base}/summary.json?_shape=array&pair=CHN-CUB"))
        assert [_cells(r) for r in one] == [line for line in lines[1:] if line[0] == "CHN-CUB"]
        assert _sha256(seeded_path) == before
        # The app writes while the snapshot is served: nothing holds the file.
        db = connect(seeded_path)
        with write_transaction(db):
            db.conn.execute("UPDATE records SET title = 'Renamed' WHERE id = 1")
        db.close()
        assert "Renamed" not in _get(f"{base}/records/1")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "read-only snapshot" in output and "restart `bilateral serve`" in output
    assert list(folder.iterdir()) == []


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(BROWSER is None, reason="no headless Chromium here")
def test_a_real_browser_shows_the_canned_summary(seeded_path):
    pytest.importorskip("datasette")
    port = _free_port()
    server = _start(seeded_path, port)
    base = f"http://127.0.0.1:{port}/{serving.DATABASE}"
    try:
        _wait_for(base, server)
        shown = subprocess.run(
            [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"]
            + [f"{base}/summary?pair=CHN-CUB"],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert "Summary by year" in shown
    # The donation's money once, in 2023, as `export summary` counts it.
    assert "100000000.0" in shown and "BLR-CUB" not in shown


BLOCK_DATASETTE = """
import sys

class _NoDatasette:
    def find_spec(self, name, path=None, target=None):
        if name == "datasette" or name.startswith("datasette."):
            raise ModuleNotFoundError("No module named 'datasette'")
        return None

sys.meta_path.insert(0, _NoDatasette())
"""


def test_serve_without_datasette_says_how_to_install_it(seeded_path, tmp_path):
    (tmp_path / "sitecustomize.py").write_text(BLOCK_DATASETTE, encoding="utf-8")
    paths = [str(tmp_path), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    result = run("serve", "--db", seeded_path, "--port", str(_free_port()), env=env)
    assert result.returncode == 1
    assert "bilateral serve needs Datasette: pip install 'bilateral[serve]'" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_serve_refuses_a_port_in_use(seeded_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--db", seeded_path, "--port", port)
    assert result.returncode == 1
    assert f"127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_line_lists_serve():
    result = subprocess.run(
        [sys.executable, "-m", "bilateral.cli", "--help"], capture_output=True, text=True
    )
    assert "serve" in result.stdout

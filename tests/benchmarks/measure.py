"""Timing helpers and the individual measurements of the scale suite."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from bilateral.db import query
from bilateral.db import summary as summaries
from bilateral.db.connection import connect
from bilateral.db.csv_export import export_summary_lines
from bilateral.db.listing import first_ids
from bilateral.db.query import Filter

PAGE = 100  # rows the table fetches for one screen, with margin
SEARCH_WORD = "railway"  # a sector word: in about 4% of the records, like a typical search
PROBE = Path(__file__).with_name("probe.py")


@dataclass
class Child:
    """How a child process ran: wall and CPU seconds, peak resident memory in MB, exit code."""

    seconds: float
    peak_mb: float
    returncode: int
    output: str = ""
    cpu: float = 0.0


def run_child(command: list[str], stdout=None, env: dict | None = None) -> Child:
    """Run ``command`` and measure its wall time and peak RSS (from wait4, this child only).

    ``resource.getrusage(RUSAGE_CHILDREN)`` keeps the largest peak of every child
    so far; ``os.wait4`` gives the rusage of the one child we waited for.
    """
    capture = stdout is None
    # The earlier steps' files (a million records' database, the floor's, the history
    # one's) are written back by the kernel long after they return: without this, the
    # next command pays for that writeback, most of all one that flushes its own output
    # to disk (a whole export: 8 s alone, 20 s right after the floor and history steps).
    os.sync()
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE if capture else stdout,
            stderr=errors,
            env=env,
            text=True,
        )
        out = process.stdout.read() if capture else ""
        if capture:
            process.stdout.close()
        # Reap the child ourselves (not Popen.wait) so that its own rusage comes back.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(map(str, command))} failed: {errors.read()[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Child(seconds, usage.ru_maxrss / 1024, process.returncode, out, cpu)


def median_time(action: Callable[[], object], repeats: int) -> float:
    """The median wall time of ``repeats`` calls of ``action``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sqlite_cli() -> str | None:
    """The sqlite3 command-line tool, or None when it is not installed."""
    return shutil.which("sqlite3")


def bilateral(*args: str) -> list[str]:
    """The `bilateral` command run by this interpreter (the entry point of the install)."""
    return [sys.executable, "-m", "bilateral.cli", *map(str, args)]


def fresh(path: Path) -> Path:
    """Remove a database file and its WAL companions; return the path."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


# ---------------------------------------------------------------- import and export


def cli_import(csv_path: Path, db_path: Path) -> Child:
    """sqlite3 `.import --csv` of the file into a plain table of a fresh database."""
    return run_child([sqlite_cli(), str(fresh(db_path)), f".import --csv {csv_path} records"])


def app_import(csv_path: Path, db_path: Path) -> Child:
    """`bilateral import` of the file into a fresh database."""
    return run_child(bilateral("--db", fresh(db_path), "import", csv_path))


# The same import with history turned off: what keeping it costs, side by side.
_IMPORT_WITHOUT_HISTORY = (
    "import sys; from bilateral.db.csvfile import import_records; "
    "from bilateral.db.store import open_database; "
    "import_records(open_database(sys.argv[1]), sys.argv[2], keep_history=False)"
)


def app_import_without_history(csv_path: Path, db_path: Path) -> Child:
    """The app's import into a fresh database, writing no revisions and no batch."""
    return run_child(
        [sys.executable, "-c", _IMPORT_WITHOUT_HISTORY, str(fresh(db_path)), str(csv_path)]
    )


def file_mb(db_path: Path) -> float:
    """The database's size in MB once its write-ahead log is folded in.

    A file Bilateral closed has its log folded in already, and is then only looked at:
    opening it here would touch its -wal, and the next `bilateral` command would rightly
    take that for another program's change and run its quick check (4 s at a million
    records), inside whatever this suite times next.
    """
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        with contextlib.closing(sqlite3.connect(db_path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db_path.stat().st_size / 2**20


def cli_export(db_path: Path, out: Path) -> Child:
    """sqlite3 `-csv` of every row of the plain table to a file."""
    with out.open("w") as stream:
        return run_child(
            [sqlite_cli(), "-csv", "-header", str(db_path), "SELECT * FROM records"], stream
        )


def app_export(db_path: Path, out: Path) -> Child:
    """`bilateral export records` of every record to a file."""
    return run_child(bilateral("--db", db_path, "export", "records", "--out", out))


def cli_query(db_path: Path, sql: str, repeats: int) -> float:
    """Median wall time of the sqlite3 tool running ``sql`` (output discarded, startup included)."""
    times = [
        run_child([sqlite_cli(), "-readonly", str(db_path), sql], subprocess.DEVNULL).seconds
        for _ in range(repeats)
    ]
    return statistics.median(times)


def inline(sql: str, params: list) -> str:
    """``sql`` with its ? parameters written as SQL literals, for the sqlite3 tool."""
    for value in params:
        literal = (
            str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"
        )
        sql = sql.replace("?", literal, 1)
    return sql


# ---------------------------------------------------------------- queries in this process


@dataclass
class Timing:
    """One in-process figure with what it found."""

    seconds: float
    found: int = 0


def cli_summary(db_path: Path, out: Path, repeats: int) -> Child:
    """`bilateral export summary --by year` as a fresh process: the median of ``repeats`` runs.

    One run first, untimed: the command line skips its quick check when the file is
    unchanged since a good one, so the timed runs are the normal second-run case.
    """
    command = bilateral("--db", db_path, "export", "summary", "--by", "year", "--out", out)
    # Its quick-check marker goes to a cache folder of the suite's, never the user's.
    env = dict(os.environ, XDG_CACHE_HOME=str(Path(out).parent / "settings" / "cache"))
    run_child(command, env=env)
    runs = [run_child(command, env=env) for _ in range(repeats)]
    runs.sort(key=lambda child: child.seconds)
    return runs[len(runs) // 2]


def summary_first_rows(db_path: Path, repeats: int, count: int = PAGE) -> Timing:
    """What a view of the summary waits for: the first ``count`` rows of `summarize`."""
    db = connect(db_path, readonly=True)
    rows: list = []
    seconds = median_time(
        lambda: rows.__setitem__(slice(None), islice(summaries.summarize(db, "year"), count)),
        repeats,
    )
    return Timing(seconds, len(rows))


def summary_csv(db_path: Path, out: Path, repeats: int) -> Timing:
    """The window's summary export in this process: `summary_lines` written by
    `export_summary_lines`."""
    db = connect(db_path, readonly=True)
    written = [0]

    def export() -> None:
        lines = summaries.summary_lines(db, "year")
        written[0] = export_summary_lines(lines, out, database=db_path)

    return Timing(median_time(export, repeats), written[0])


def summary(db_path: Path, repeats: int) -> Timing:
    """`summarize` by year over every pair, fully consumed."""
    db = connect(db_path, readonly=True)
    rows: list = []
    seconds = median_time(
        lambda: rows.__setitem__(slice(None), summaries.summarize(db, "year")), repeats
    )
    return Timing(seconds, len(rows))


def summary_sql() -> str:
    """The SQL `summarize` runs by year over every pair (for the sqlite3 tool)."""
    sql, params = summaries.summary_sql("year")
    assert not params  # no filter: nothing to bind
    return " ".join(sql.split())


def first_page(db_path: Path, where: Filter, repeats: int) -> tuple[Timing, Timing]:
    """`list_ids` for ``where`` (the whole ordered result), then `table_rows` of its first page."""
    db = connect(db_path, readonly=True)
    ids: list[int] = []
    listing = median_time(lambda: ids.__setitem__(slice(None), query.list_ids(db, where)), repeats)
    page = median_time(lambda: query.table_rows(db, ids[:PAGE]), repeats)
    return Timing(listing, len(ids)), Timing(page, min(PAGE, len(ids)))


def shown_page(db_path: Path, where: Filter, repeats: int) -> Timing:
    """What the window shows first: `first_ids` of ``where`` and their `table_rows`."""
    db = connect(db_path, readonly=True)
    seconds = median_time(lambda: query.table_rows(db, first_ids(db, where, limit=PAGE)), repeats)
    return Timing(seconds, PAGE)


def list_sql(where: Filter) -> str:
    """The SQL `list_ids` runs for ``where`` in date order, parameters inlined."""
    condition, params = where.where()
    return inline(f"SELECT id FROM records WHERE {condition} ORDER BY date, id", params)


def random_jump(db_path: Path, repeats: int, seed: int = 1) -> tuple[Timing, Timing]:
    """The ordered ids of everything, then one page of rows at a random offset (median)."""
    db = connect(db_path, readonly=True)
    start = time.perf_counter()
    ids = query.list_ids(db)
    listing = Timing(time.perf_counter() - start, len(ids))
    rng = random.Random(seed)
    offsets = [rng.randrange(max(1, len(ids) - PAGE)) for _ in range(repeats)]
    times = []
    for offset in offsets:
        start = time.perf_counter()
        query.table_rows(db, ids[offset : offset + PAGE])
        times.append(time.perf_counter() - start)
    return listing, Timing(statistics.median(times), PAGE)


def biggest_pair(db_path: Path) -> tuple[str, int]:
    """The pair with the most records and its count."""
    return query.list_pairs(connect(db_path, readonly=True))[0]


# ---------------------------------------------------------------- probes in a child process


def probe(kind: str, db_path: Path, *args: str, home: Path) -> tuple[dict, Child]:
    """Run probe.py ``kind`` in a fresh offscreen process; return its report and the child.

    :param home: a folder for the window's settings, so the user's own are never touched.
    """
    settings = home / "settings"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYQTGRAPH_QT_LIB="PySide6",
        XDG_CONFIG_HOME=str(settings),
        XDG_DATA_HOME=str(settings),
        # The quick-check notes too: a run never writes to the user's own cache.
        XDG_CACHE_HOME=str(settings / "cache"),
    )
    spawned = time.time()
    child = run_child([sys.executable, str(PROBE), kind, str(db_path), *args], env=env)
    report = json.loads(child.output.strip().splitlines()[-1])
    # The child stamps wall-clock times; make them relative to the moment it was spawned.
    for key, value in list(report.items()):
        if key.endswith("_at"):
            report[key[:-3]] = value - spawned
    return report, child

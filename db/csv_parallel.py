"""A large records CSV written by several processes, each its own range of ids, on one snapshot.

Writing a million records' cells is CPU-bound in two halves of about equal weight:
SQLite computing them (lists joined, cells neutralised) and Python turning rows into
CSV. Threads would share one interpreter lock, so each range is written by a process
of its own into a part file, and the parts are joined in id order: on two cores a
million records take about half as long.

Every part must show the database at the same moment. Each worker opens a read
transaction before it reads; the parent reads ``PRAGMA data_version`` before any
worker starts and again after all have opened theirs. SQLite changes that number
whenever another connection commits, so an unchanged number means no commit fell
between the workers' snapshots, which are therefore one. Otherwise the parts are
thrown away and taken again, or the caller writes alone.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import selectors
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from bilateral.db.connection import connect
from bilateral.db.errors import Cancelled

# Below this many records, starting the processes costs more than they save.
MIN_RECORDS = 100_000
MAX_WORKERS = 4
BATCH = 1000
# How often the parent looks at the workers' progress and the user's cancel button.
POLL_SECONDS = 0.1
ATTEMPTS = 3


class WriteAlone(Exception):
    """The workers could not read one moment of the database, or found no room for their
    parts; the caller writes the export alone."""


def workers() -> int:
    """How many processes to use: the cores this process may run on, at most MAX_WORKERS.

    One on Windows, whose selectors cannot wait on pipes.
    """
    if sys.platform == "win32":
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def ranges(low: int, high: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` half-open id ranges of about equal width covering ``low`` to ``high``."""
    width = high - low + 1
    edges = [low + width * i // parts for i in range(parts)] + [high + 1]
    return [(a, b) for a, b in zip(edges, edges[1:], strict=False) if a < b]


def write(
    path: str,
    select: Callable[[str], str],
    params: list,
    id_range: tuple[int, int],
    stream: IO[str],
    folder: str | None,
    total: int,
    progress: Callable[[float], None] | None,
    cancelled: Callable[[], bool] | None,
) -> int:
    """Write the rows of ``select(condition)`` for every id in ``id_range`` to ``stream``.

    :param select: the export's SELECT for a further condition on ``id`` (in id order).
    :param stream: the open CSV stream after its header; the parts' bytes follow it.
    :param folder: where the parts go (the export's own folder: no other disk is needed);
        None for the system's temporary folder.
    :raises WriteAlone: when the workers could not read one moment of the database, or
        found no room for their parts.
    :raises Cancelled: (from ``db.errors``) when ``cancelled()`` turned true.
    """
    spans = ranges(*id_range, workers())
    sql = select("id >= ? AND id < ?")
    for _attempt in range(ATTEMPTS):
        with contextlib.ExitStack() as stack:
            parts = [stack.enter_context(_part_file(folder)) for _ in spans]
            jobs = [
                (path, sql, [*params, low, high], str(part))
                for (low, high), part in zip(spans, parts, strict=True)
            ]
            written = _run(jobs, total, progress, cancelled)
            if written is None:
                continue  # a commit fell between the snapshots: take them again
            stream.flush()
            for part in parts:
                with open(part, "rb") as source:
                    shutil.copyfileobj(source, stream.buffer, 1 << 20)
                # Each part goes as soon as it is in: the disk holds the export once and
                # the parts not yet joined, never the export twice.
                with contextlib.suppress(OSError):
                    part.unlink()
            stream.buffer.flush()
            return written
    raise WriteAlone("the database kept changing while the export began")


@contextlib.contextmanager
def _part_file(folder: str | None):
    fd, name = tempfile.mkstemp(prefix=".bilateral-export-", suffix=".part", dir=folder)
    os.close(fd)
    try:
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _run(
    jobs: list[tuple],
    total: int,
    progress: Callable[[float], None] | None,
    cancelled: Callable[[], bool] | None,
) -> int | None:
    """Run one process per job; the rows written, or None when the snapshots differ."""
    # One connection reads the data version both times: SQLite compares with what that
    # connection saw before.
    version = connect(jobs[0][0], readonly=True).conn
    before = _data_version(version)
    workers_: list[subprocess.Popen] = []
    try:
        with selectors.DefaultSelector() as selector:
            for index, job in enumerate(jobs):
                worker = _start(job)
                workers_.append(worker)
                selector.register(worker.stdout, selectors.EVENT_READ, index)
            started, done, counts = set(), set(), [0] * len(jobs)
            pending = [b""] * len(jobs)  # what a worker said beyond its last full line
            while len(done) < len(jobs):
                if cancelled and cancelled():
                    raise Cancelled("Export cancelled.")
                for key, _ in selector.select(timeout=POLL_SECONDS):
                    index = key.data
                    # Read as it comes, not by line: a buffered reader could keep a
                    # line that select() would then not announce again.
                    data = os.read(key.fileobj.fileno(), 65536)
                    if not data:
                        selector.unregister(key.fileobj)
                        if index not in started:  # it could not even begin: one process
                            raise WriteAlone(f"export process {index} ended before it began")
                        if index not in done:
                            code = workers_[index].wait()
                            raise OSError(f"an export process stopped unexpectedly (code {code})")
                        continue
                    *lines, pending[index] = (pending[index] + data).split(b"\n")
                    for line in lines:
                        kind, value = json.loads(line)
                        if kind == "error" and index not in started:
                            # Opening the file failed there: writing alone says why.
                            raise WriteAlone(value[2])
                        if kind == "error" and value[1] == errno.ENOSPC:
                            # The parts did not fit beside the export (they need room
                            # for a copy of it): one process needs none.
                            raise WriteAlone(value[2])
                        if kind == "error":
                            _raise(*value)
                        if kind == "started":
                            started.add(index)
                            if len(started) == len(jobs) and _data_version(version) != before:
                                return None
                        if kind in ("rows", "done"):
                            counts[index] = value
                        if kind == "done":
                            done.add(index)
                if progress:
                    progress(min(sum(counts) / max(total, 1), 1.0))
            return sum(counts)
    finally:
        version.close()
        for worker in workers_:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
            worker.stdout.close()


def _start(job: tuple) -> subprocess.Popen:
    """A worker process for ``job``: this module run alone, the job on its standard input.

    A process of its own, never a fork (the window exports from a thread of a process
    with others, whose locks a fork would copy) nor multiprocessing's spawn (which runs
    the parent's main script again, and a script without a main guard exports again).
    """
    worker = subprocess.Popen(
        [sys.executable, "-m", __name__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        # What goes wrong is said on stdout, as JSON; a worker that cannot even start
        # leaves the export to one process, without a traceback on the user's terminal.
        stderr=subprocess.DEVNULL,
    )
    worker.stdin.write(json.dumps(job).encode("utf-8"))
    worker.stdin.close()
    return worker


def _raise(kind: str, number: int | None, text: str) -> None:
    """Raise in the parent what a worker met: an OSError keeps its errno, and so on."""
    if kind == "OperationalError":
        raise sqlite3.OperationalError(text)
    if kind == "DatabaseError":
        raise sqlite3.DatabaseError(text)
    if number is not None:
        raise OSError(number, text)
    raise OSError(text)


def _data_version(conn: sqlite3.Connection) -> int:
    """SQLite's count of commits by other connections, as ``conn`` last saw it."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def _say(kind: str, value) -> None:
    print(json.dumps([kind, value]), flush=True)


def part_worker(path: str, sql: str, params: list, out: str) -> None:
    """Write one range's rows as CSV to ``out``, inside one read transaction."""
    try:
        conn = connect(path, readonly=True).conn
        conn.execute("BEGIN")
        # The read transaction, and with it the snapshot, begins at the first read.
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        _say("started", 0)
        written = 0
        with open(out, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            cursor = conn.execute(sql, params)
            while rows := cursor.fetchmany(BATCH):
                writer.writerows(rows)
                written += len(rows)
                if written % (10 * BATCH) == 0:
                    _say("rows", written)
        conn.close()
        _say("done", written)
    except BaseException as error:  # noqa: BLE001 - the parent must hear of every failure
        _say("error", [type(error).__name__, getattr(error, "errno", None), str(error)])


if __name__ == "__main__":
    part_worker(*json.loads(sys.stdin.read()))

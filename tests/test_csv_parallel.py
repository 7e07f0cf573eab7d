"""A large records CSV written by several processes: the same bytes, one snapshot, clean failures."""

from __future__ import annotations

import os

import pytest

from bilateral.db import csv_export, csv_parallel
from bilateral.db.errors import Cancelled
from bilateral.db.records import Participant, Record, Source, add_record
from bilateral.db.store import open_database


@pytest.fixture
def varied(seeded_path):
    """The seed and 60 records with formula-like, quoted, multi-line and non-Latin cells."""
    db = open_database(seeded_path)
    for n in range(60):
        record = Record(
            "CHN",
            ("CUB", "VEN", "RUS")[n % 3],
            ("aid", "visit", "statement")[n % 3],
            f"20{n % 24:02d}",
            ("=1+1", 'He said "no"', "two\nlines", "Díaz-Canel 習近平")[n % 4] + f" {n}",
            summary="-minus; and | pipes" if n % 5 == 0 else "",
            participants=[Participant("@handle", "CHN", "+role")] if n % 7 == 0 else [],
            sources=[Source(publisher="=cmd", quote="'=already; a|b")] if n % 2 else [],
        )
        if n % 3 == 0:
            record.amount_usd, record.usd_basis = [1e6, 0.1 + 0.2, 12345678.5][n % 9 // 3], "user"
        add_record(db, record)
    yield db
    db.close()


@pytest.fixture
def parallel(monkeypatch):
    """Exports of any size go through the workers, three of them."""
    monkeypatch.setattr(csv_parallel, "MIN_RECORDS", 1)
    monkeypatch.setattr(csv_parallel, "workers", lambda: 3)


def _alone(db, path, monkeypatch, **kwargs):
    with monkeypatch.context() as m:
        m.setattr(csv_parallel, "workers", lambda: 1)
        return csv_export.export_records(db, path, **kwargs)


def _count(db) -> int:
    return db.conn.execute("SELECT count(*) FROM records").fetchone()[0]


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("bom", [False, True])
def test_the_workers_write_the_same_bytes_as_one_process(
    varied, tmp_path, monkeypatch, parallel, bom
):
    alone, together = tmp_path / "alone.csv", tmp_path / "together.csv"
    n = _alone(varied, alone, monkeypatch, bom=bom)
    seen = []
    assert csv_export.export_records(varied, together, bom=bom, progress=seen.append) == n
    assert together.read_bytes() == alone.read_bytes()
    assert n == _count(varied) and seen and seen == sorted(seen) and seen[-1] <= 1.0
    assert _leftovers(tmp_path) == []


def test_a_filtered_export_through_the_workers_is_the_same_file(
    varied, tmp_path, monkeypatch, parallel
):
    from bilateral.db.query import Filter

    where = Filter(pair="CHN-VEN", kinds=["visit"])
    alone, together = tmp_path / "alone.csv", tmp_path / "together.csv"
    assert _alone(varied, alone, monkeypatch, where=where) == 20
    assert csv_export.export_records(varied, together, where=where) == 20
    assert together.read_bytes() == alone.read_bytes()


def test_a_commit_between_the_snapshots_takes_them_again(varied, tmp_path, monkeypatch, parallel):
    readings = iter([1, 2, 5, 5])  # the first attempt sees a commit, the second none
    monkeypatch.setattr(csv_parallel, "_data_version", lambda conn: next(readings))
    starts = []
    real_start = csv_parallel._start
    monkeypatch.setattr(csv_parallel, "_start", lambda job: starts.append(job) or real_start(job))
    out = tmp_path / "out.csv"
    assert csv_export.export_records(varied, out) == _count(varied)
    assert out.read_bytes() == (_alone_bytes(varied, tmp_path, monkeypatch))
    assert len(starts) == 6  # three workers, twice


def _alone_bytes(db, tmp_path, monkeypatch):
    path = tmp_path / "reference.csv"
    _alone(db, path, monkeypatch)
    return path.read_bytes()


def test_a_database_that_keeps_changing_is_written_by_one_process(
    varied, tmp_path, monkeypatch, parallel
):
    counter = iter(range(100))
    monkeypatch.setattr(csv_parallel, "_data_version", lambda conn: next(counter))
    out = tmp_path / "out.csv"
    assert csv_export.export_records(varied, out) == _count(varied)
    assert out.read_bytes() == _alone_bytes(varied, tmp_path, monkeypatch)
    assert _leftovers(tmp_path) == []


def test_an_open_transaction_is_exported_by_its_own_connection(varied, tmp_path, parallel):
    committed = _count(varied)
    varied.conn.execute("BEGIN")
    add_record(varied, Record("CHN", "CUB", "visit", "2024", "Not yet committed"))
    out = tmp_path / "out.csv"
    assert csv_export.export_records(varied, out) == committed + 1
    assert "Not yet committed" in out.read_text(encoding="utf-8")
    varied.conn.execute("ROLLBACK")


def test_a_cancelled_export_leaves_the_old_file_and_no_parts(varied, tmp_path, parallel):
    out = tmp_path / "out.csv"
    out.write_text("the user's old file")
    with pytest.raises(Cancelled):
        csv_export.export_records(varied, out, cancelled=lambda: True)
    assert out.read_text() == "the user's old file"
    assert _leftovers(tmp_path) == []


def test_a_worker_that_cannot_write_fails_the_export_cleanly(
    varied, tmp_path, monkeypatch, parallel
):
    # A part in a folder that does not exist: the worker has its snapshot, then fails to
    # write, as it would on a full disk; the parent raises the OSError with its errno.
    real = csv_parallel._part_file

    def nowhere(folder):
        manager = real(folder)

        class Gone:
            def __enter__(self):
                manager.__enter__()
                return tmp_path / "missing" / "part.csv"

            def __exit__(self, *exc):
                return manager.__exit__(*exc)

        return Gone()

    monkeypatch.setattr(csv_parallel, "_part_file", nowhere)
    out = tmp_path / "out.csv"
    out.write_text("the user's old file")
    with pytest.raises(OSError) as raised:
        csv_export.export_records(varied, out)
    assert raised.value.errno == 2  # ENOENT, carried over from the worker
    assert out.read_text() == "the user's old file"
    assert _leftovers(tmp_path) == []


def test_a_worker_that_cannot_open_the_file_leaves_it_to_one_process(
    varied, tmp_path, monkeypatch, parallel
):
    real_start = csv_parallel._start
    monkeypatch.setattr(
        csv_parallel, "_start", lambda job: real_start((str(tmp_path / "gone.db"), *job[1:]))
    )
    out = tmp_path / "out.csv"
    assert csv_export.export_records(varied, out) == _count(varied)
    assert out.read_bytes() == _alone_bytes(varied, tmp_path, monkeypatch)
    assert not (tmp_path / "gone.db").exists()


def test_ranges_cover_every_id_once():
    for low, high, parts in [(1, 10, 3), (5, 5, 2), (1, 1_000_000, 2), (7, 9, 4)]:
        spans = csv_parallel.ranges(low, high, parts)
        covered = [i for a, b in spans for i in range(a, b)]
        assert covered == list(range(low, high + 1))
        assert len(spans) <= parts


def test_the_workers_are_at_least_one_and_at_most_four():
    assert 1 <= csv_parallel.workers() <= 4 and os.cpu_count()


def test_a_worker_that_cannot_start_leaves_it_to_one_process(
    varied, tmp_path, monkeypatch, parallel
):
    import subprocess
    import sys

    def broken(job):  # as if the worker could not import its module
        return subprocess.Popen(
            [sys.executable, "-c", "import sys; sys.exit(3)"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    monkeypatch.setattr(csv_parallel, "_start", broken)
    out = tmp_path / "out.csv"
    assert csv_export.export_records(varied, out) == _count(varied)
    assert out.read_bytes() == _alone_bytes(varied, tmp_path, monkeypatch)


def test_parts_that_do_not_fit_on_the_disk_leave_it_to_one_process(
    varied, tmp_path, monkeypatch, parallel
):
    # /dev/full refuses every write with ENOSPC, as a disk without room for the parts
    # (which need about the export's size beside it) would; one process needs no parts.
    import contextlib
    from pathlib import Path

    monkeypatch.setattr(
        csv_parallel, "_part_file", lambda folder: contextlib.nullcontext(Path("/dev/full"))
    )
    out = tmp_path / "out.csv"
    assert csv_export.export_records(varied, out) == _count(varied)
    assert out.read_bytes() == _alone_bytes(varied, tmp_path, monkeypatch)
    assert Path("/dev/full").exists()

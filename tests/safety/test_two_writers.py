"""Two programs writing one database both succeed; neither loses an edit."""

from __future__ import annotations

import subprocess
import sys

from bilateral.db.connection import data_version
from bilateral.db.query import list_ids
from bilateral.db.records import Record, add_record, count_records, get_record
from bilateral.db.store import open_database

WRITER = """
import sys
from bilateral.db.records import Record, add_record
from bilateral.db.store import open_database
db = open_database(sys.argv[1])
for n in range(int(sys.argv[3])):
    add_record(db, Record(actor="CHN", partner="CUB", kind="visit", date="2024", title=f"{sys.argv[2]} {n}"))
print("done")
"""

EDITS = 150


def test_two_processes_adding_at_once_lose_nothing(seeded_path, figures):
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(seeded_path), name, str(EDITS)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("window", "command-line")
    ]
    outputs = [w.communicate(timeout=120)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0] and outputs == ["done\n", "done\n"]
    db = open_database(seeded_path)
    titles = {get_record(db, i).title for i in list_ids(db)}
    assert {f"{name} {n}" for name in ("window", "command-line") for n in range(EDITS)} <= titles
    assert count_records(db) == 19 + 2 * EDITS
    figures["two writers"]["processes"] += 2
    figures["two writers"]["edits each"] += EDITS
    figures["two writers"]["edits lost"] += 19 + 2 * EDITS - count_records(db)


def test_a_reader_sees_that_another_writer_changed_the_file(seeded_path):
    window, other = open_database(seeded_path), open_database(seeded_path)
    before = data_version(window)
    add_record(
        other, Record(actor="CHN", partner="CUB", kind="visit", date="2024", title="elsewhere")
    )
    assert data_version(window) != before
    assert count_records(window) == 20

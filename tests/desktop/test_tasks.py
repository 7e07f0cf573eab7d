"""Import runs off the UI thread and a cancelled import changes nothing."""

from __future__ import annotations

import csv

from bilateral.db.csv_export import export_records
from bilateral.db.errors import Cancelled
from bilateral.db.records import count_records

ROWS = 2500


def test_cancelled_import_leaves_the_database_unchanged(window, seeded_db, tmp_path, qtbot):
    exported = tmp_path / "seed.csv"
    export_records(seeded_db, exported)
    rows = list(csv.DictReader(exported.open(encoding="utf-8", newline="")))
    fresh = tmp_path / "fresh.csv"
    with fresh.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        # Enough rows that the import is still running when Cancel is pressed.
        writer.writerows({**rows[n % len(rows)], "uid": f"new-{n}"} for n in range(ROWS))
    task = window.files.import_csv(fresh)
    with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
        task.cancel()
    assert (isinstance(failed.args[0], Cancelled), count_records(seeded_db)) == (True, 19)

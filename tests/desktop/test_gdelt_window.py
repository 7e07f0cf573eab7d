"""The window imports a GDELT events file, told by its content, through the same preview,
with what it skipped said, and Cancel changes nothing."""

from __future__ import annotations

from pathlib import Path

from bilateral.db.records import count_records, record_by_uid

DATA = Path(__file__).parents[1] / "data"


def test_the_preview_says_what_it_keeps_and_skips_and_the_import_adds_the_events(
    qtbot, window, seeded_db
):
    task = window.files.import_csv(DATA / "gdelt-2.0-sample.export.CSV.zip")
    qtbot.waitUntil(lambda: task.done)
    dialog = window.files.flow.dialog
    assert (
        dialog.headline.text() == "30 records will be added, 0 updated, 0 unchanged, 0 conflicts."
    )
    notes = dialog.problems
    cells = [notes.item(row, notes.columnCount() - 1).text() for row in range(notes.rowCount())]
    assert any(c.startswith("GDELT: read 56 events, kept 30; skipped 26") for c in cells)
    assert count_records(seeded_db) == 19
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.files.flow.import_task.done)
    assert count_records(seeded_db) == 19 + 30
    uid = seeded_db.execute("SELECT uid FROM records WHERE uid LIKE 'gdelt-%' LIMIT 1").fetchone()[
        0
    ]
    assert record_by_uid(seeded_db, uid).cameo_code


def test_a_cancelled_gdelt_import_changes_nothing(seeded_db, tmp_path):
    import pytest

    from bilateral.db.errors import Cancelled
    from bilateral.desktop.files.tasks import import_job

    # Enough events for the import to ask between its batches of 1,000 rows.
    lines = (DATA / "gdelt-2.0-sample.export.CSV").read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.export.CSV"
    with big.open("w", encoding="utf-8") as out:
        for copy in range(60):
            for line in lines:
                number, rest = line.split("\t", 1)
                out.write(f"{int(number) + copy * 10**7}\t{rest}\n")
    asked = []
    with pytest.raises(Cancelled):
        import_job(big, backup=False)(seeded_db, lambda f: None, lambda: asked.append(1) or True)
    assert asked and count_records(seeded_db) == 19


def test_the_cli_tells_a_gdelt_file_by_its_content(seeded_path, capsys):
    from bilateral.cli.main import main

    code = main(["import", str(DATA / "gdelt-1.0-sample.export.CSV"), "--db", str(seeded_path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "GDELT events" in out

"""The import preview lists what a merge would change, a choice per conflict, and the duplicates."""

from __future__ import annotations

from csv_helpers import write_rows

from bilateral.db.records import count_records, get_record, record_id_for_uid
from bilateral.desktop.files.import_changes import TAKE

OLD = "2020-01-01T00:00:00Z"  # before the seed's stamp: a record changed since this is a conflict


def _preview(qtbot, window, path):
    task = window.files.import_csv(path)
    qtbot.waitUntil(lambda: task.done)
    return window.files.flow.dialog


def _import(qtbot, window, dialog):
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.files.flow.import_task.done)


def _title(db, uid):
    return get_record(db, record_id_for_uid(db, uid)).title


def test_the_preview_lists_an_edit_old_to_new(qtbot, window, seed_rows, tmp_path, seeded_db):
    old = seed_rows[2]["title"]
    seed_rows[2]["title"] = "Corrected title"
    dialog = _preview(qtbot, window, write_rows(tmp_path / "edited.csv", seed_rows))
    group = dialog.changes.topLevelItem(0)
    field = group.child(0)
    assert dialog.headline.text() == (
        "0 records will be added, 1 updated, 18 unchanged, 0 conflicts."
    )
    assert [group.text(c) for c in range(3)] == ["row 4", seed_rows[2]["uid"], "edited in the file"]
    assert [field.text(c) for c in range(3)] == ["title", old, "Corrected title"]
    _import(qtbot, window, dialog)
    assert _title(seeded_db, seed_rows[2]["uid"]) == "Corrected title"


def test_a_choice_per_conflict_is_honoured(qtbot, window, seed_rows, tmp_path, seeded_db):
    kept, taken = seed_rows[0]["uid"], seed_rows[1]["uid"]
    stored_title = seed_rows[0]["title"]
    for row in seed_rows[:2]:
        row["title"], row["updated_at"] = f"File's {row['uid']}", OLD
    dialog = _preview(qtbot, window, write_rows(tmp_path / "conflicts.csv", seed_rows))
    assert not dialog.import_button.isEnabled()  # both kept: nothing to do yet
    dialog.changes.choices[taken].setCurrentText(TAKE)
    assert dialog.headline.text() == (
        "0 records will be added, 0 updated, 17 unchanged, 2 conflicts "
        "(1 taking the file's version)."
    )
    _import(qtbot, window, dialog)
    assert (_title(seeded_db, kept), _title(seeded_db, taken)) == (stored_title, f"File's {taken}")
    assert window.statusBar().currentMessage() == (
        "Imported conflicts.csv: 0 added, 0 updated, 17 unchanged, 2 conflicts "
        "(1 taking the file's), 0 skipped."
    )


def test_duplicates_are_listed_and_added_only_when_ticked(
    qtbot, window, seed_rows, tmp_path, seeded_db
):
    without_uid = [
        {k: v for k, v in row.items() if k not in ("uid", "created_at", "updated_at")}
        for row in seed_rows[:3]
    ]
    dialog = _preview(qtbot, window, write_rows(tmp_path / "no-uid.csv", without_uid))
    listed = [dialog.duplicates.topLevelItem(i).text(1) for i in range(3)]
    assert (dialog.headline.text(), listed, dialog.import_button.isEnabled()) == (
        "0 records will be added, 0 updated, 0 unchanged, 0 conflicts; 3 duplicates skipped.",
        [row["title"] for row in seed_rows[:3]],
        False,
    )
    dialog.allow_duplicates.setChecked(True)
    qtbot.waitUntil(lambda: window.files.flow.check_task.done)
    assert dialog.headline.text().startswith("3 records will be added")
    _import(qtbot, window, dialog)
    assert count_records(seeded_db) == 22

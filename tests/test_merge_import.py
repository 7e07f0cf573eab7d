"""Re-importing: rows without uid that duplicate a record are skipped, rows with a uid are merged."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from bilateral.cli.main import main as cli_main
from bilateral.db import csv_importer, csvfile
from bilateral.db.csv_export import export_records
from bilateral.db.records import count_records, get_record, record_id_for_uid, update_record
from bilateral.db.seed import seed_path

OLD = "2024-01-01T00:00:00Z"  # a version stamp older than any the tests make
NO_UID = "actor,partner,kind,date,title,amount,currency\r\n"
FOUR = (
    "CHN,CUB,aid,2023-01,Rice shipment,10,USD\r\n"
    "CHN,CUB,visit,2023-02,Díaz-Canel meets Xi Jinping,,\r\n"
    "CUB,CHN,loan,2023-03,Port loan,500,USD\r\n"
    "CHN,CUB,trade,2023-04-05,Sugar deal,,\r\n"
)


def write(path, text: str):
    path.write_text(text, encoding="utf-8", newline="")
    return path


def read_rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path, rows: list[dict[str, str]]):
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_cli(capsys, *args) -> tuple[int, str]:
    code = cli_main([str(a) for a in args])
    return code, capsys.readouterr().out


# ---------------------------------------------------------------- duplicates without uid


def test_importing_a_file_without_uid_twice_adds_nothing_the_second_time(empty_db, tmp_path):
    path = write(tmp_path / "four.csv", NO_UID + FOUR)
    assert csvfile.import_records(empty_db, path).added == 4
    dry = csvfile.import_records(empty_db, path, dry_run=True)
    again = csvfile.import_records(empty_db, path)
    first_uid = get_record(empty_db, 1).uid
    assert (dry.added, dry.duplicate_count, again.added, count_records(empty_db)) == (0, 4, 0, 4)
    assert (dry.duplicates[0].row, dry.duplicates[0].uid, dry.duplicates[0].title) == (
        2,
        first_uid,
        "Rice shipment",
    )


def test_the_dry_run_of_the_second_import_says_it_would_add_0_and_lists_them(
    empty_db, db_path, tmp_path, capsys
):
    path = write(tmp_path / "four.csv", NO_UID + FOUR)
    csvfile.import_records(empty_db, path)
    code, out = run_cli(capsys, "--db", db_path, "import", "--dry-run", path)
    assert code == 0
    assert out.splitlines()[:3] == [
        "Would add 0, updated 0, unchanged 0, 0 conflicts.",
        "4 duplicate(s) of records already there, would be skipped:",
        f"  row 2: same as 'Rice shipment' ({get_record(empty_db, 1).uid})",
    ]


def test_allow_duplicates_adds_them(empty_db, db_path, tmp_path, capsys):
    path = write(tmp_path / "four.csv", NO_UID + FOUR)
    csvfile.import_records(empty_db, path)
    code, out = run_cli(capsys, "--db", db_path, "import", "--allow-duplicates", path)
    assert (code, count_records(empty_db)) == (0, 8)
    assert "4 duplicate(s) of records already there, added anyway:" in out


def test_an_amount_that_differs_is_not_a_duplicate_and_a_missing_one_matches(empty_db, tmp_path):
    csvfile.import_records(empty_db, write(tmp_path / "a.csv", NO_UID + FOUR))
    text = (
        NO_UID + "CHN,CUB,aid,2023-01,Rice shipment,11,USD\r\n"  # another amount: new
        "CHN,CUB,loan,2023-03,Port loan,,\r\n"  # no amount given: the stored one matches
    )
    report = csvfile.import_records(empty_db, write(tmp_path / "b.csv", text))
    assert (report.added, [d.row for d in report.duplicates]) == (1, [3])


def test_titles_match_ignoring_case_accents_and_spaces(empty_db, tmp_path):
    csvfile.import_records(empty_db, write(tmp_path / "a.csv", NO_UID + FOUR))
    text = (
        NO_UID + "CHN,CUB,visit,2023-02,  diaz-canel MEETS  xi jinping ,,\r\n"
        "CUB,CHN,aid,2023-01,RICE   SHIPMENT,10,USD\r\n"  # the pair in the other order too
        "CHN,CUB,visit,2023-02,Díaz-Canel meets Li Qiang,,\r\n"  # another title: new
        "CHN,CUB,visit,2023-03,Díaz-Canel meets Xi Jinping,,\r\n"  # another date: new
        "CHN,CUB,statement,2023-02,Díaz-Canel meets Xi Jinping,,\r\n"  # another kind: new
    )
    report = csvfile.import_records(empty_db, write(tmp_path / "b.csv", text))
    assert ([d.row for d in report.duplicates], report.added) == ([2, 3], 3)


def test_a_row_repeated_in_the_same_file_is_a_duplicate_of_the_earlier_one(
    empty_db, tmp_path, monkeypatch
):
    # Rows 2 and 4 fall in different batches: the earlier one is found in the database.
    monkeypatch.setattr(csv_importer, "BATCH", 2)
    text = NO_UID + FOUR.splitlines(keepends=True)[0] * 2 + FOUR
    report = csvfile.import_records(empty_db, write(tmp_path / "a.csv", text))
    assert [(d.row, d.earlier_row) for d in report.duplicates] == [(3, 2), (4, 2)]
    assert (report.added, count_records(empty_db)) == (4, 4)


def test_rows_with_a_uid_are_not_subject_to_the_duplicate_rule(empty_db, tmp_path):
    text = "uid,actor,partner,kind,date,title\r\na,CHN,CUB,aid,2023,Same\r\nb,CHN,CUB,aid,2023,Same\r\n"
    report = csvfile.import_records(empty_db, write(tmp_path / "a.csv", text))
    assert (report.added, report.duplicate_count) == (2, 0)


def test_a_large_import_without_uid_leaves_every_index_in_place(empty_db, tmp_path):
    # Into an empty database the import drops the secondary indexes; the duplicate
    # lookups build records_pair_date again, which must then not be built twice.
    before = empty_db.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    report = csvfile.import_records(empty_db, write(tmp_path / "a.csv", NO_UID + FOUR * 2))
    after = empty_db.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    assert (report.added, report.duplicate_count, sorted(after)) == (4, 4, sorted(before))
    assert empty_db.execute("PRAGMA cache_size").fetchone()[0] == -2000


# ---------------------------------------------------------------- merge by uid


@pytest.fixture
def stored(empty_db, tmp_path):
    """A database holding the seed records, stamped with an old version."""
    rows = read_rows(seed_path())
    for row in rows:
        row["created_at"] = row["updated_at"] = OLD
    csvfile.import_records(empty_db, write_rows(tmp_path / "old.csv", rows))
    return empty_db


@pytest.fixture
def exported(stored, tmp_path):
    path = tmp_path / "export.csv"
    export_records(stored, path)
    return path


def stamps(db) -> dict[str, str]:
    return dict(db.execute("SELECT uid, updated_at FROM records"))


def test_an_unedited_export_is_all_unchanged(stored, exported):
    before = stamps(stored)
    report = csvfile.import_records(stored, exported)
    assert (report.added, report.updated, report.unchanged, report.conflicts) == (0, 0, 19, 0)
    assert stamps(stored) == before


def test_one_title_edited_in_the_file_is_applied_and_only_it_restamped(
    stored, exported, db_path, capsys
):
    rows = read_rows(exported)
    uid, old_title = rows[3]["uid"], rows[3]["title"]
    rows[3]["title"] = "Corrected title"
    write_rows(exported, rows)
    before = stamps(stored)
    code, out = run_cli(capsys, "--db", db_path, "import", exported)
    after = stamps(stored)
    assert out.splitlines() == [
        "Added 0, updated 1, unchanged 18, 0 conflicts.",
        "Changes:",
        f"  row 5 ({uid}), title: {old_title!r} → 'Corrected title'",
    ]
    assert get_record(stored, record_id_for_uid(stored, uid)).title == "Corrected title"
    assert [u for u in after if after[u] != before[u]] == [uid] and after[uid] > OLD


def test_the_dry_run_says_the_same_and_changes_nothing(stored, exported, db_path, capsys):
    rows = read_rows(exported)
    rows[0]["title"] = "Corrected title"
    write_rows(exported, rows)
    code, out = run_cli(capsys, "--db", db_path, "import", "--dry-run", exported)
    assert out.startswith("Would add 0, updated 1, unchanged 18, 0 conflicts.\nChanges:\n")
    assert get_record(stored, record_id_for_uid(stored, rows[0]["uid"])).title != "Corrected title"


def test_lists_are_compared_item_by_item(stored, exported):
    rows = read_rows(exported)
    changed = next(r for r in rows if r["participants"])
    changed["participants"] = "Dr " + changed["participants"]
    write_rows(exported, rows)
    report = csvfile.import_records(stored, exported)
    assert (report.updated, [c.field for c in report.changes]) == (1, ["participants"])


def _edit_in_both(db, exported) -> tuple[str, list[dict[str, str]]]:
    """Edit a record in the database after the export, and its title in the file."""
    rows = read_rows(exported)
    uid = rows[1]["uid"]
    record_id = record_id_for_uid(db, uid)
    update_record(db, record_id, replace(get_record(db, record_id), title="Edited in the window"))
    rows[1]["title"] = "Edited in the file"
    write_rows(exported, rows)
    return uid, rows


def test_a_record_edited_in_both_is_a_conflict_and_the_stored_one_is_kept(
    stored, exported, db_path, capsys
):
    uid, _ = _edit_in_both(stored, exported)
    code, out = run_cli(capsys, "--db", db_path, "import", exported)
    assert out.splitlines() == [
        "Added 0, updated 0, unchanged 18, 1 conflict (0 taken from the file).",
        "Changes:",
        f"  row 3 ({uid}), title: 'Edited in the window' → 'Edited in the file' [conflict]",
    ]
    assert get_record(stored, record_id_for_uid(stored, uid)).title == "Edited in the window"


def test_on_conflict_file_takes_the_files_version(stored, exported, db_path, capsys):
    uid, _ = _edit_in_both(stored, exported)
    code, out = run_cli(capsys, "--db", db_path, "import", "--on-conflict", "file", exported)
    assert out.startswith("Added 0, updated 0, unchanged 18, 1 conflict (1 taken from the file).")
    assert get_record(stored, record_id_for_uid(stored, uid)).title == "Edited in the file"


def test_a_conflict_can_be_resolved_with_the_file_row_by_row(stored, exported):
    uid, _ = _edit_in_both(stored, exported)
    report = csvfile.import_records(stored, exported, take_file={uid})
    assert (report.conflicts, report.conflicts_taken) == (1, 1)
    assert get_record(stored, record_id_for_uid(stored, uid)).title == "Edited in the file"


def test_a_changed_row_without_updated_at_is_a_conflict(stored, exported):
    rows = read_rows(exported)
    for row in rows:
        row.pop("updated_at")
    rows[0]["summary"] = "New summary"
    report = csvfile.import_records(stored, write_rows(exported, rows))
    assert (report.updated, report.unchanged, report.conflicts) == (0, 18, 1)
    assert report.changes[0].kind == "conflict"


def test_skip_never_touches_existing_records(stored, exported):
    rows = read_rows(exported)
    rows[0]["title"] = "Corrected title"
    before = stamps(stored)
    report = csvfile.import_records(stored, write_rows(exported, rows), on_duplicate="skip")
    assert (report.skipped, report.updated, stamps(stored)) == (19, 0, before)


def test_long_values_are_shortened_in_the_report(stored, exported):
    rows = read_rows(exported)
    rows[0]["summary"] = "word " * 100
    report = csvfile.import_records(stored, write_rows(exported, rows))
    new = report.changes[0].new
    assert len(new) == 60 and new.endswith("…")

"""Revision history: every change kept with its origin, read back, reverted, undone by batch."""

from __future__ import annotations

import csv
import io
import sqlite3
import time

import pytest

from bilateral.cli.main import main
from bilateral.db import as_of, batches, history, history_text, versions
from bilateral.db.csv_export import export_records
from bilateral.db.csvfile import import_records
from bilateral.db.errors import BilateralError, InvalidRecord
from bilateral.db.records import (
    delete_record,
    get_record,
    record_by_uid,
    record_id_for_uid,
    update_record,
)
from bilateral.db.store import check_report, open_database
from bilateral.db.validation import now

DONATION = "seed-chn-cub-donation-2022"
OLD_TITLE = "China announces a 700 million yuan donation to Cuba"
TOUR = "seed-chn-cub-marrero-tour-2023"


def _bilateral(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _exported(db) -> list[dict]:
    out = io.StringIO(newline="")
    export_records(db, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def _write(path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _into_next_second() -> None:
    time.sleep(1.02 - time.time() % 1)


def _next_second() -> str:
    """A moment strictly between what was written before and what is written after
    (revisions are stamped to the second)."""
    _into_next_second()
    moment = now()
    _into_next_second()
    return moment


@pytest.fixture
def renamed(seeded_path, tmp_path):
    """The seed, then an import of its export in which the donation's title changed."""
    db = open_database(seeded_path)
    rows = _exported(db)
    for row in rows:
        if row["uid"] == DONATION:
            row["title"] = "Renamed donation"
    path = tmp_path / "renamed.csv"
    _write(path, rows)
    before = _next_second()
    report = import_records(db, path)
    assert (report.updated, report.unchanged) == (1, 18)
    db.close()
    return seeded_path, before


def test_history_shows_the_old_and_new_title_and_the_batch(renamed, capsys):
    path, _ = renamed
    code, out, err = _bilateral(capsys, "history", DONATION, "--db", path)
    assert code == 0, err
    assert f"title: {OLD_TITLE!r} → 'Renamed donation'" in out
    assert "edited · import renamed.csv (batch 2)" in out
    assert "created · seed china-cuba-2023.csv (batch 1)" in out


def test_export_as_of_a_moment_before_the_import_shows_the_old_title(renamed, capsys):
    path, before = renamed
    code, out, err = _bilateral(capsys, "export", "records", "--as-of", before, "--db", path)
    assert code == 0, err
    titles = {row["uid"]: row["title"] for row in csv.DictReader(io.StringIO(out))}
    assert (titles[DONATION], len(titles)) == (OLD_TITLE, 19)
    code, out, _ = _bilateral(capsys, "export", "records", "--db", path)
    assert "Renamed donation" in out
    code, out, _ = _bilateral(
        capsys, "export", "summary", "--as-of", before, "--pair", "CHN-CUB", "--db", path
    )
    assert code == 0 and "aid" in out


def test_as_of_before_the_file_existed_has_no_records(renamed, capsys):
    path, _ = renamed
    code, out, err = _bilateral(capsys, "export", "records", "--as-of", "2001-01-01", "--db", path)
    assert (code, out.count("\n")) == (0, 1)  # the header alone


def test_undoing_the_import_brings_the_old_title_back_as_a_third_state(renamed, capsys):
    path, _ = renamed
    code, out, err = _bilateral(capsys, "imports", "--db", path)
    assert "renamed.csv" in out and "updated 1, unchanged 18" in out
    code, out, err = _bilateral(capsys, "imports", "undo", "2", "--db", path)
    assert code == 0, err
    assert "put back 1" in out
    db = open_database(path)
    assert record_by_uid(db, DONATION).title == OLD_TITLE
    found = history.revisions(db, DONATION)
    assert [r.number for r in found] == [3, 2, 1]
    assert [versions.version(db, DONATION, n).title for n in (1, 2, 3)] == [
        OLD_TITLE,
        "Renamed donation",
        OLD_TITLE,
    ]
    assert check_report(db)[0] is True
    code, out, err = _bilateral(capsys, "imports", "undo", "2", "--db", path)
    assert (code, "undone already" in err) == (1, True)


def test_undo_refuses_when_a_record_changed_since_and_force_skips_it(renamed, tmp_path, capsys):
    path, _ = renamed
    db = open_database(path)
    # A second import adds a record; then someone edits the donation after the first.
    new = tmp_path / "new.csv"
    new.write_text("uid,actor,partner,kind,date,title\nn-1,CHN,CUB,visit,2024,New visit\n")
    import_records(db, new)
    donation = record_by_uid(db, DONATION)
    donation.summary = "Edited in the window after the import"
    update_record(db, donation.id, donation)
    with pytest.raises(batches.BatchTouched) as refused:
        batches.undo(db, 2)
    assert DONATION in str(refused.value) and "Nothing was changed" in str(refused.value)
    assert record_by_uid(db, DONATION).title == "Renamed donation"
    done = batches.undo(db, 2, force=True)
    assert (done.restored, [uid for uid, _ in done.skipped]) == (0, [DONATION])
    assert batches.undo(db, 3).deleted == 1
    assert record_id_for_uid(db, "n-1") is None
    assert [r.operation for r in history.revisions(db, "n-1")] == ["delete", "create"]


def test_a_deleted_record_is_listed_and_brought_back_with_its_links(seeded_path, capsys):
    db = open_database(seeded_path)
    incoming = db.execute("SELECT count(*) FROM links WHERE target_uid = ?", (TOUR,)).fetchone()[0]
    assert incoming > 0
    delete_record(db, record_id_for_uid(db, TOUR))  # as the window does
    assert db.execute("SELECT count(*) FROM links WHERE target_uid = ?", (TOUR,)).fetchone()[0] == 0
    db.close()
    code, out, _ = _bilateral(capsys, "history", "--deleted", "--db", seeded_path)
    assert TOUR in out and "Marrero's week-long official visit to China" in out
    code, out, err = _bilateral(capsys, "history", TOUR, "--bring-back", "--db", seeded_path)
    assert code == 0, err
    db = open_database(seeded_path)
    assert record_id_for_uid(db, TOUR) is not None
    assert (
        db.execute("SELECT count(*) FROM links WHERE target_uid = ?", (TOUR,)).fetchone()[0]
        == incoming
    )
    assert history.deleted_records(db) == []
    assert check_report(db)[0] is True


def test_each_record_that_lost_a_link_has_a_revision_saying_so(seeded_db):
    meeting = "seed-chn-cub-li-qiang-meeting-2023"
    delete_record(seeded_db, record_id_for_uid(seeded_db, TOUR))
    latest = history.revisions(seeded_db, meeting)[0]
    assert latest.operation == "edit" and list(latest.changes) == ["links"]
    assert "links: − part-of | seed-chn-cub-marrero-tour-2023" in history_text.change_lines(latest)


def test_revert_to_a_version_is_a_new_revision(renamed):
    path, _ = renamed
    db = open_database(path)
    record = versions.revert(db, DONATION, 1)
    assert record.title == OLD_TITLE
    latest = history.revisions(db, DONATION)[0]
    assert (latest.number, latest.origin, latest.detail) == (3, "revert", "to version 1")
    with pytest.raises(history.HistoryProblem, match="has no version 9"):
        versions.revert(db, DONATION, 9)


def test_revisions_are_never_changed_or_deleted(seeded_db):
    for sql in ("UPDATE revisions SET origin = 'x'", "DELETE FROM revisions"):
        with pytest.raises(sqlite3.IntegrityError, match="never changed or deleted"):
            seeded_db.execute(sql)


def test_a_refused_edit_and_a_dry_run_write_no_revision(seeded_db, tmp_path):
    count = seeded_db.execute("SELECT count(*) FROM revisions").fetchone()[0]
    record = get_record(seeded_db, 1)
    record.date = "2023-02-30"
    with pytest.raises(InvalidRecord):
        update_record(seeded_db, 1, record)
    path = tmp_path / "new.csv"
    path.write_text("uid,actor,partner,kind,date,title\nn-1,CHN,CUB,visit,2024,New visit\n")
    import_records(seeded_db, path, dry_run=True)
    assert seeded_db.execute("SELECT count(*) FROM revisions").fetchone()[0] == count
    assert len(batches.list_batches(seeded_db)) == 1  # the seed's


def test_a_save_that_changes_nothing_writes_nothing(seeded_db):
    record = get_record(seeded_db, 1)
    assert update_record(seeded_db, 1, record) is False
    assert len(history.revisions(seeded_db, record.uid)) == 1


def test_lists_are_compared_item_by_item(seeded_db):
    record = record_by_uid(seeded_db, DONATION)
    record.sectors = [*record.sectors, "health"]
    update_record(seeded_db, record.id, record)
    latest = history.revisions(seeded_db, DONATION)[0]
    assert history_text.change_lines(latest) == ["sectors: + health"]


def test_a_uid_deleted_and_imported_again_continues_its_numbers(seeded_db, tmp_path):
    path = tmp_path / "new.csv"
    path.write_text("uid,actor,partner,kind,date,title\nn-1,CHN,CUB,visit,2024,New visit\n")
    import_records(seeded_db, path)
    delete_record(seeded_db, record_id_for_uid(seeded_db, "n-1"))
    import_records(seeded_db, path)
    assert [(r.number, r.operation) for r in history.revisions(seeded_db, "n-1")] == [
        (3, "create"),
        (2, "delete"),
        (1, "create"),
    ]


def test_check_finds_a_record_changed_behind_the_historys_back(seeded_path, capsys):
    db = open_database(seeded_path)
    record = record_by_uid(db, DONATION)
    record.title = "Edited"
    update_record(db, record.id, record)
    db.execute("UPDATE records SET title = 'Changed outside the app' WHERE uid = ?", (DONATION,))
    db.conn.commit()
    db.close()
    code, out, err = _bilateral(capsys, "check", "--db", seeded_path)
    assert code != 0
    assert f"{DONATION}: its latest revision left other values (title)" in out + err


def test_a_database_from_before_history_starts_it_and_refuses_earlier_moments(seeded_path, capsys):
    db = open_database(seeded_path)
    # As if made before m012: the journal gone, then the migration run again.
    conn = db.conn
    for name in ("revisions_never_updated", "revisions_never_deleted"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE revisions")
    conn.execute("DROP TABLE import_batches")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm012_history'")
    conn.commit()
    db.close()
    db = open_database(seeded_path)
    assert {r.operation for r in history.revisions(db, DONATION)} == {"existing"}
    db.close()
    code, _, err = _bilateral(
        capsys, "export", "records", "--as-of", "2020-01-01", "--db", seeded_path
    )
    assert code == 1 and "History began at" in err and "is not known" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-06-01", "2026-06-01T00:00:00Z"),
        ("2026-06-01T12:00:00Z", "2026-06-01T12:00:00Z"),
        ("2026-06-01 14:00+02:00", "2026-06-01T12:00:00Z"),
    ],
)
def test_moments_are_read_as_people_write_them(text, expected):
    assert as_of.moment(text) == expected


def test_a_bad_moment_says_how_to_write_one(seeded_path, capsys):
    code, _, err = _bilateral(capsys, "history", "--since", "last week", "--db", seeded_path)
    assert code == 1 and "'last week' is not a moment" in err and "Traceback" not in err


def test_history_needs_one_thing_to_show(seeded_path, capsys):
    code, _, err = _bilateral(capsys, "history", "--db", seeded_path)
    assert code == 1 and "Give a record's UID" in err
    with pytest.raises(BilateralError):
        versions.bring_back(open_database(seeded_path), DONATION)


def test_history_lives_in_the_file_so_a_backup_restores_it(seeded_path, capsys):
    db = open_database(seeded_path)
    record = record_by_uid(db, DONATION)
    record.title = "Before the backup"
    update_record(db, record.id, record)
    db.close()
    code, out, err = _bilateral(capsys, "backup", "--db", seeded_path)
    assert code == 0, err
    db = open_database(seeded_path)
    record = record_by_uid(db, DONATION)
    record.title = "After the backup"
    update_record(db, record.id, record)
    db.close()
    code, out, err = _bilateral(capsys, "restore", "--db", seeded_path)
    backup = out.split()[0] if out.split() else ""
    code, out, err = _bilateral(capsys, "restore", backup, "--db", seeded_path)
    assert code == 0, err
    db = open_database(seeded_path)
    found = history.revisions(db, DONATION)
    assert [r.number for r in found] == [2, 1]
    assert versions.version(db, DONATION, 2).title == "Before the backup"
    assert check_report(db)[0] is True

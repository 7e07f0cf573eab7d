"""Links between records and claims apart from lifecycle: stored, checked, carried by the CSV."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from bilateral.db import links
from bilateral.db.csv_export import export_records
from bilateral.db.csvfile import ImportFailed, import_records
from bilateral.db.errors import InvalidRecord
from bilateral.db.records import (
    Link,
    Record,
    add_record,
    delete_record,
    get_record,
    record_id_for_uid,
    update_record,
)
from bilateral.db.schema import migrations
from bilateral.db.store import open_database

HEADER = "uid,actor,partner,kind,date,title,amount,currency,amount_usd,usd_basis,status,links\n"


def _import(db, tmp_path, body: str, name: str = "links.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return import_records(db, path)


def _problems(db, tmp_path, body: str) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportFailed) as failed:
        _import(db, tmp_path, body)
    return [(p.row, p.column, p.reason) for p in failed.value.report.problems]


def test_a_link_may_name_a_later_row_and_is_read_back(empty_db, tmp_path):
    _import(
        empty_db,
        tmp_path,
        "signing,CHN,CUB,loan,2020,Loan signed,50000000,USD,,,signed,fulfils | pledge\n"
        "pledge,CHN,CUB,loan,2019,Loan pledged,50000000,USD,,,pledged,\n",
    )
    signing = get_record(empty_db, record_id_for_uid(empty_db, "signing"))
    assert signing.links == [Link("fulfils", "pledge")]
    assert links.linked_from(empty_db, "pledge")[0][:3] == ("fulfils", "signing", "Loan signed")


def test_unknown_target_self_link_and_cycle_are_refused_with_row_column_and_reason(
    empty_db, tmp_path
):
    found = _problems(
        empty_db,
        tmp_path,
        "a,CHN,CUB,visit,2023,Trip,,,,,completed,part-of | nowhere\n"
        "b,CHN,CUB,visit,2023,Self,,,,,completed,same-as | b\n"
        "c,CHN,CUB,meeting,2023,Meeting C,,,,,completed,part-of | d\n"
        "d,CHN,CUB,meeting,2023,Meeting D,,,,,completed,part-of | c\n"
        "e,CHN,CUB,visit,2023,Odd,,,,,completed,belongs-to | a\n",
    )
    assert (3, "links", "link 1: a record cannot link to itself") in found
    assert any(p[:2] == (6, "links") and "'belongs-to' is not a relation" in p[2] for p in found)
    assert empty_db.execute("SELECT count(*) FROM records").fetchone()[0] == 0
    # Once the rows themselves are right, the links between them are checked.
    found = _problems(
        empty_db,
        tmp_path,
        "a,CHN,CUB,visit,2023,Trip,,,,,completed,part-of | nowhere\n"
        "c,CHN,CUB,meeting,2023,Meeting C,,,,,completed,part-of | d\n"
        "d,CHN,CUB,meeting,2023,Meeting D,,,,,completed,part-of | c\n",
    )
    assert (
        2,
        "links",
        "links to nowhere, which no record has (not in the database, nor in this file)",
    ) in found
    assert (3, "links", "its part-of links make a cycle: c → d → c") in found
    assert empty_db.execute("SELECT count(*) FROM records").fetchone()[0] == 0


def test_the_dialog_path_refuses_an_unknown_target_and_writes_nothing(empty_db):
    record = Record("CHN", "CUB", "visit", "2023", "Trip", links=[Link("part-of", "nowhere")])
    with pytest.raises(InvalidRecord, match="no record has"):
        add_record(empty_db, record)
    assert empty_db.execute("SELECT count(*) FROM records").fetchone()[0] == 0


def test_an_edit_that_closes_a_cycle_is_refused(empty_db):
    a = add_record(empty_db, Record("CHN", "CUB", "loan", "2019", "A", uid="a", status="pledged"))
    add_record(
        empty_db, Record("CHN", "CUB", "loan", "2020", "B", uid="b", links=[Link("fulfils", "a")])
    )
    looped = get_record(empty_db, a)
    looped.links = [Link("fulfils", "b")]
    with pytest.raises(InvalidRecord, match="cycle"):
        update_record(empty_db, a, looped)
    assert get_record(empty_db, a).links == []


def test_deleting_a_record_removes_the_links_to_it(empty_db):
    a = add_record(empty_db, Record("CHN", "CUB", "visit", "2023", "Trip", uid="trip"))
    b = add_record(
        empty_db,
        Record(
            "CHN", "CUB", "meeting", "2023", "Talk", uid="talk", links=[Link("part-of", "trip")]
        ),
    )
    delete_record(empty_db, a)
    assert get_record(empty_db, b).links == []


def test_old_statuses_become_a_stage_and_a_claim(empty_db, tmp_path):
    _import(empty_db, tmp_path, "x,CHN,CUB,security,2023-06,Spy base,,,,,alleged,\n")
    record = get_record(empty_db, record_id_for_uid(empty_db, "x"))
    assert (record.status, record.claim_status) == ("completed", "claimed")


def test_export_import_export_keeps_links_byte_for_byte(empty_db, tmp_path):
    _import(
        empty_db,
        tmp_path,
        "p,CHN,CUB,aid,2022-11,Pledge,700000000,CNY,100000000,source,pledged,\n"
        "s,CHN,CUB,aid,2023-01,Signed,700000000,CNY,100000000,source,signed,fulfils | p\n"
        "d,CUB,CHN,statement,2023-06,Denial,,,,,completed,denies | s; responds-to | p\n",
    )
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export_records(empty_db, first)
    other = open_database(tmp_path / "other.db", create=True)
    import_records(other, first)
    export_records(other, second)
    assert second.read_bytes() == first.read_bytes()
    assert b"fulfils | p" in first.read_bytes()


def test_a_database_made_before_links_is_migrated_with_its_data(tmp_path):
    # The schema of m001-m007, with a record of each old status and its lists.
    fresh = Database(tmp_path / "v7.db")
    migrations.apply(fresh, stop_before="m008_links_and_claims")
    fresh.conn.executescript(
        """
        INSERT INTO participants VALUES (1, 0, 'Wang Wenbin', 'CHN', 'Spokesman');
        INSERT INTO sources VALUES (1, 0, 'WSJ', 'Spy base', '', '2023-06', 'a quote');
        INSERT INTO records (id, uid, actor, partner, direction, kind, date, title, status,
            created_at, updated_at) VALUES
            (1, 'r1', 'CHN', 'CUB', 'one-way', 'allegation', '2023-06', 'Spy base report',
             'alleged', '2023-06-01T00:00:00Z', '2023-06-01T00:00:00Z'),
            (2, 'r2', 'CHN', 'CUB', 'mutual', 'trade', '2023', 'Trading partner', 'reported',
             '2023-06-01T00:00:00Z', '2023-06-01T00:00:00Z'),
            (3, 'r3', 'CHN', 'CUB', 'one-way', 'statement', '2023-06', 'Denial', 'denied',
             '2023-06-01T00:00:00Z', '2023-06-01T00:00:00Z'),
            (4, 'r4', 'CHN', 'CUB', 'one-way', 'aid', '2023-01', 'Donation', 'signed',
             '2023-06-01T00:00:00Z', '2023-06-01T00:00:00Z');
        """
    )
    fresh.conn.commit()
    fresh.close()
    db = open_database(tmp_path / "v7.db")
    statuses = db.execute("SELECT uid, status, claim_status FROM records ORDER BY id").fetchall()
    assert statuses == [
        ("r1", "completed", "claimed"),
        ("r2", "completed", "claimed"),
        ("r3", "completed", "denied"),
        ("r4", "signed", "established"),
    ]
    assert get_record(db, 1).participants[0].name == "Wang Wenbin"
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    found = db.execute("SELECT rowid FROM records_fts WHERE records_fts MATCH 'Wenbin'").fetchall()
    assert found == [(1,)]
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"records_pair_year", "records_money", "records_lasting", "links_target"} <= indexes
    assert db.execute("SELECT counts FROM records WHERE uid = 'r4'").fetchone() == (1,)
    assert db.execute("SELECT counts FROM records WHERE uid = 'r1'").fetchone() == (0,)

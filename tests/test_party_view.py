"""One party alone as the pair ('Cuba', 'CUB'): every record it is in, as actor, partner or
other party, read through indexes, in the library and on the command line."""

from __future__ import annotations

import csv
import io

import pytest
from sqlite_utils import Database

from bilateral.cli.main import main
from bilateral.db import parties, query
from bilateral.db.csvfile import import_records
from bilateral.db.records import get_record
from bilateral.db.schema import migrations
from bilateral.db.store import open_database

HEADER = "uid,actor,partner,direction,kind,date,title,other_parties\n"
ROWS = (
    "loan-1,CHN,VEN,one-way,loan,2021-05,Co-financed power plant loan,CUB | co-financier\n"
    "eu-1,EU,CUB,mutual,agreement,2016-12-12,EU-Cuba Political Dialogue agreement,\n"
    "es-1,ESP,CHN,one-way,visit,2018-11,Spanish prime minister visits Beijing,\n"
    "eu-2,EU,CHN,mutual,meeting,2019-04,EU-China summit,\n"
)


@pytest.fixture
def db(seeded_db, tmp_path):
    path = tmp_path / "more.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    import_records(seeded_db, path)
    return seeded_db


def _involving(db, code: str) -> set[int]:
    """The records ``code`` is in, read record by record: what the SQL must find."""
    found = set()
    for (record_id,) in db.execute("SELECT id FROM records"):
        record = get_record(db, record_id)
        if code in {record.actor, record.partner, *(o.party for o in record.other_parties)}:
            found.add(record_id)
    return found


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("Cuba", "CUB"),
        ("cub", "CUB"),
        ("  Guinea-Bissau ", "GNB"),
        ("European Union", "EU"),
        ("China, Cuba", "CHN-CUB"),
        ("cuba-china", "CHN-CUB"),
    ],
)
def test_a_view_is_a_pair_or_one_party(db, text, view):
    assert query.parse_view(text, parties.table(db)) == view


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Narnia", "'Narnia' is not a country or party"),
        ("Cuba-Narnia", "'Narnia' is not a country or party"),
        ("x-y-z", "'x-y-z' is not a pair"),
    ],
)
def test_neither_a_pair_nor_a_party_says_why(db, text, message):
    with pytest.raises(query.FilterError, match=message):
        query.parse_view(text, parties.table(db))


@pytest.mark.parametrize("code", ["CUB", "CHN", "EU", "VEN"])
def test_a_partys_view_holds_every_record_it_is_in(db, code):
    where = query.Filter(pair=code, parties=parties.table(db))
    ids = query.list_ids(db, where)
    assert (set(ids), len(ids), query.count(db, where)) == (
        _involving(db, code),
        len(_involving(db, code)),
        len(_involving(db, code)),
    )


def test_a_partys_view_narrows_with_the_other_filters(db):
    where = query.Filter(pair="Cuba", kinds=["loan"], since="2021", parties=parties.table(db))
    uids = {get_record(db, i).uid for i in query.list_ids(db, where)}
    assert "loan-1" in uids and all(
        get_record(db, i).kind == "loan" for i in query.list_ids(db, where)
    )


def test_through_membership_adds_the_organisations_records_of_member_years(db):
    table = parties.table(db)
    plain = query.Filter(pair="ESP", parties=table)
    wide = query.Filter(pair="ESP", parties=table, through_membership=True)
    uids = [{get_record(db, i).uid for i in query.list_ids(db, f)} for f in (plain, wide)]
    assert uids == [{"es-1"}, {"es-1", "eu-1", "eu-2"}]


def test_the_party_clause_reads_the_actor_and_partner_indexes(empty_db):
    # No statistics: SQLite plans as for a large table, where a scan would be slow.
    db = empty_db
    clause, params = query.Filter(pair="CUB").pair_clause()
    plan = " ".join(
        row[3]
        for row in db.execute(f"EXPLAIN QUERY PLAN SELECT id FROM records WHERE {clause}", params)
    )
    assert ("records_actor" in plan, "records_partner" in plan, "SCAN records " in plan) == (
        True,
        True,
        False,
    )


def test_an_older_database_gains_the_indexes_when_opened(tmp_path):
    old = Database(tmp_path / "v15.db")
    migrations.apply(old, stop_before="m016_party_indexes")
    before = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    old.close()
    db = open_database(tmp_path / "v15.db")
    after = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    db.close()
    assert after - before == {"records_actor", "records_partner"}


def test_the_command_line_takes_one_party_as_the_pair(db, db_path, capsys):
    code = main(["export", "records", "--pair", "CUB", "--db", str(db_path)])
    out, err = capsys.readouterr()
    uids = {row["uid"] for row in csv.DictReader(io.StringIO(out))}
    assert (code, uids) == (0, {get_record(db, i).uid for i in _involving(db, "CUB")})

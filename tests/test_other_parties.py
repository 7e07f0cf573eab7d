"""Records with more than two sides (other_parties), and pair views through memberships."""

from __future__ import annotations

import csv
import io

import pytest

from bilateral.cli.main import main
from bilateral.db import parties, query, timeline
from bilateral.db.csvfile import ImportFailed, import_records
from bilateral.db.model import OtherParty, Record
from bilateral.db.records import add_record, get_record
from bilateral.db.store import open_database

HEADER = (
    "uid,actor,partner,direction,kind,date,title,amount,currency,amount_usd,usd_basis,"
    "other_parties\n"
)
LOAN = "loan-1,CHN,CUB,one-way,loan,2021-05,Co-financed power plant loan,100,USD,100,source,VEN | co-financier\n"
OWN = "own-1,CHN,VEN,one-way,loan,2021-07,Oil-backed loan,40,USD,40,source,\n"


def _bilateral(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def loan_path(db_path, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + LOAN + OWN, encoding="utf-8")
    db = open_database(db_path)
    import_records(db, path)
    db.close()
    return db_path


def test_other_parties_are_stored_read_and_exported_as_written(loan_path, capsys):
    db = open_database(loan_path)
    record = get_record(db, db.execute("SELECT id FROM records WHERE uid = 'loan-1'").fetchone()[0])
    assert record.other_parties == [OtherParty("VEN", "co-financier")]
    code, out, err = _bilateral(capsys, "export", "records", "--db", loan_path)
    assert code == 0, err
    cells = {row["uid"]: row["other_parties"] for row in _rows(out)}
    assert cells == {"loan-1": "VEN | co-financier", "own-1": ""}


@pytest.mark.parametrize("pair", ["CHN-VEN", "CHN-CUB", "CUB-VEN", "Venezuela, Cuba"])
def test_a_record_shows_in_the_view_of_each_pair_it_involves(loan_path, capsys, pair):
    code, out, err = _bilateral(capsys, "export", "records", "--pair", pair, "--db", loan_path)
    assert code == 0, err
    assert "loan-1" in [row["uid"] for row in _rows(out)]


def test_a_pair_it_does_not_involve_does_not_show_it(loan_path, capsys):
    code, out, _ = _bilateral(capsys, "export", "records", "--pair", "CUB-USA", "--db", loan_path)
    assert code == 0
    assert _rows(out) == []


def test_totals_across_pairs_count_it_once(loan_path, capsys):
    code, out, err = _bilateral(capsys, "export", "summary", "--by", "all", "--db", loan_path)
    assert code == 0, err
    rows = _rows(out)
    assert sum(int(r["records"]) for r in rows) == 2
    assert sum(float(r["amount_usd"]) for r in rows) == 140
    # It is attributed to its own actor and partner.
    assert [(r["pair"], r["actor"], r["partner"], r["amount_usd"]) for r in rows] == [
        ("CHN-CUB", "CHN", "CUB", "100"),
        ("CHN-VEN", "CHN", "VEN", "40"),
    ]


def test_a_pair_summary_includes_it_under_its_own_actor_and_partner(loan_path, capsys):
    code, out, err = _bilateral(
        capsys, "export", "summary", "--by", "all", "--pair", "CHN-VEN", "--db", loan_path
    )
    assert code == 0, err
    assert [(r["pair"], r["actor"], r["partner"], r["amount_usd"]) for r in _rows(out)] == [
        ("CHN-CUB", "CHN", "CUB", "100"),
        ("CHN-VEN", "CHN", "VEN", "40"),
    ]


def test_the_timeline_draws_it_in_each_lane_and_once_overall(loan_path):
    db = open_database(loan_path)
    lanes = timeline.activity(db, "year", pairs=["CHN-CUB", "CHN-VEN"])
    assert [(r.pair, r.period, r.kind, r.records) for r in lanes] == [
        ("CHN-CUB", "2021", "loan", 1),
        ("CHN-VEN", "2021", "loan", 2),
    ]
    overall = timeline.activity(db, "year")
    assert [(r.period, r.records) for r in overall] == [("2021", 2)]
    assert timeline.extent(db, pairs=["CHN-CUB", "CHN-VEN"]).records == 2


def test_the_pair_list_offers_the_pairs_it_involves(loan_path):
    db = open_database(loan_path)
    assert dict(query.list_pairs(db)) == {"CHN-CUB": 1, "CHN-VEN": 2, "CUB-VEN": 1}


def test_two_other_parties_make_their_own_pair(empty_db):
    record = Record("CHN", "CUB", "meeting", "2023-09", "Trilateral meeting")
    record.other_parties = [OtherParty("Venezuela"), OtherParty("bolivia", "observer")]
    record_id = add_record(empty_db, record)
    stored = get_record(empty_db, record_id)
    assert stored.other_parties == [OtherParty("VEN"), OtherParty("BOL", "observer")]
    ids = [r[0] for r in empty_db.execute("SELECT id FROM records").fetchall()]
    for pair in ("BOL-VEN", "BOL-CHN", "CUB-VEN"):
        condition, params = query.Filter(pair=pair).where()
        found = empty_db.execute(f"SELECT id FROM records WHERE {condition}", params).fetchall()
        assert [r[0] for r in found] == ids, pair


def test_a_filter_with_the_databases_parties_sees_other_parties_written_since(empty_db):
    where = query.Filter(pair="CHN-VEN", parties=parties.table(empty_db))
    assert where.where()[0] == "pair = ?"  # nothing involves CHN-VEN another way yet
    record = Record("CHN", "CUB", "loan", "2021", "Co-financed loan")
    record.other_parties = [OtherParty("VEN", "co-financier")]
    record_id = add_record(empty_db, record)
    where = query.Filter(pair="CHN-VEN", parties=parties.table(empty_db))
    condition, params = where.where()
    found = empty_db.execute(f"SELECT id FROM records WHERE {condition}", params).fetchall()
    assert found == [(record_id,)]
    assert parties.table(empty_db).other_pairs() == {"CHN-VEN", "CUB-VEN"}


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("Narnia", "party 1: 'Narnia' is not a country or party"),
        ("CUB", "party 1 (CUB) is the partner"),
        ("VEN; Venezuela", "party 2 (VEN) is listed twice"),
        ("VEN | co-financier | extra", "party 1 has 3 '|'-separated values"),
    ],
)
def test_a_bad_other_party_names_row_column_and_reason(db_path, tmp_path, cell, message):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + LOAN.replace("VEN | co-financier", cell), encoding="utf-8")
    db = open_database(db_path)
    with pytest.raises(ImportFailed) as failed:
        import_records(db, path)
    text = str(failed.value)
    assert "row 2" in text and "other_parties" in text and message in text, text
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 0


def test_a_party_used_only_as_other_party_cannot_be_deleted(empty_db):
    parties.add_party(empty_db, "ALBA", "Bolivarian Alliance", "bloc", [])
    record = Record("CUB", "VEN", "meeting", "2023", "ALBA summit")
    record.other_parties = [OtherParty("ALBA", "host")]
    add_record(empty_db, record)
    with pytest.raises(parties.PartyError, match="1 record"):
        parties.delete_party(empty_db, "ALBA")


@pytest.fixture
def eu_path(db_path, tmp_path):
    body = (
        "eu-1,EU,CUB,mutual,agreement,2016-12-12,EU-Cuba Political Dialogue and Cooperation"
        " Agreement,,,,,\n"
        "eu-0,EU,CUB,mutual,agreement,1984,Earlier agreement before Spain joined,,,,,\n"
        "es-1,ESP,CUB,one-way,visit,2018-11,Spanish prime minister visits Havana,,,,,\n"
    )
    path = tmp_path / "eu.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    db = open_database(db_path)
    import_records(db, path)
    db.close()
    return db_path


def test_through_membership_adds_the_organisations_records_of_member_years(eu_path, capsys):
    code, out, _ = _bilateral(capsys, "export", "records", "--pair", "ESP-CUB", "--db", eu_path)
    assert [r["uid"] for r in _rows(out)] == ["es-1"]
    code, out, err = _bilateral(
        capsys, "export", "records", "--pair", "ESP-CUB", "--through-membership", "--db", eu_path
    )
    assert code == 0, err
    assert [r["uid"] for r in _rows(out)] == ["eu-1", "es-1"]


def test_through_membership_in_the_summary_keeps_the_organisations_own_row(eu_path, capsys):
    code, out, err = _bilateral(
        capsys,
        "export",
        "summary",
        "--by",
        "all",
        "--pair",
        "ESP-CUB",
        "--through-membership",
        "--db",
        eu_path,
    )
    assert code == 0, err
    assert [(r["pair"], r["kind"], r["records"]) for r in _rows(out)] == [
        ("CUB-ESP", "visit", "1"),
        ("CUB-EU", "agreement", "1"),
    ]


def test_through_membership_needs_a_pair(eu_path, capsys):
    code, _, err = _bilateral(capsys, "export", "records", "--through-membership", "--db", eu_path)
    assert code != 0
    assert "--through-membership needs --pair" in err
    assert "Traceback" not in err


def test_show_lists_the_other_parties_with_their_names(tmp_path, db_path, capsys):
    path = tmp_path / "loan.csv"
    path.write_text(HEADER + LOAN, encoding="utf-8")
    db = open_database(db_path)
    import_records(db, path)
    db.close()
    code, out, err = _bilateral(capsys, "show", "loan-1", "--db", str(db_path))
    assert code == 0, err
    assert "Venezuela (VEN)" in out and "co-financier" in out

"""Parties beyond countries: organisations as a record's side, the parties command, m010."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlite_utils import Database

from bilateral.cli.main import main
from bilateral.db import parties, query
from bilateral.db.csvfile import ImportFailed, import_records
from bilateral.db.errors import InvalidRecord
from bilateral.db.model import Record
from bilateral.db.records import add_record, get_record
from bilateral.db.schema import migrations
from bilateral.db.store import open_database

HEADER = "actor,partner,direction,kind,date,title\n"
CUBA_BRICS = "CUB,BRICS,one-way,membership,2025-01-01,Cuba becomes a BRICS partner country\n"


def _bilateral(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _csv(tmp_path, body: str, name: str = "rows.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_cuba_becomes_a_brics_partner_and_the_pair_finds_it(db_path, tmp_path, capsys):
    code, _, err = _bilateral(
        capsys, "import", str(_csv(tmp_path, CUBA_BRICS)), "--db", str(db_path)
    )
    assert code == 0, err
    code, out, err = _bilateral(
        capsys, "export", "records", "--pair", "CUB-BRICS", "--db", str(db_path)
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["actor"], r["partner"], r["title"]) for r in rows] == [
        ("CUB", "BRICS", "Cuba becomes a BRICS partner country")
    ]
    # Either order, and names, find the same pair; a country pair still finds nothing else.
    db = open_database(db_path)
    assert query.parse_pair("brics / Cuba", parties.table(db)) == "BRICS-CUB"
    assert db.execute("SELECT pair FROM records").fetchone() == ("BRICS-CUB",)


def test_kosovo_and_party_names_are_accepted(empty_db):
    record = Record("Kosovo", "european union", "agreement", "2023", "Stabilisation agreement")
    record_id = add_record(empty_db, record)
    stored = get_record(empty_db, record_id)
    assert (stored.actor, stored.partner) == ("XKX", "EU")


def test_the_parties_command_lists_brics_with_members_partners_and_dates(db_path, capsys):
    open_database(db_path, create=True).close()
    code, out, _ = _bilateral(capsys, "parties", "--db", str(db_path))
    assert code == 0
    brics = re.split(r"\n(?=\S)", out.split("BRICS\tBRICS\tbloc\n", 1)[1])[0]
    assert "  member\tBrazil (BRA)\tsince 2009-06-16" in brics
    assert "  member\tSouth Africa (ZAF)\tsince 2010-12-24" in brics
    assert "  member\tIran (IRN)\tsince 2024-01-01" in brics
    assert "  member\tIndonesia (IDN)\tsince 2025-01-06" in brics
    assert "  partner\tCuba (CUB)\tsince 2025-01-01" in brics
    assert "\nEU\tEuropean Union\t" in out


def test_a_party_added_on_the_command_line_can_be_imported_at_once(db_path, tmp_path, capsys):
    open_database(db_path, create=True).close()
    code, out, err = _bilateral(
        capsys,
        "parties", "add", "ALBA", "Bolivarian Alliance for the Peoples of Our America",
        "--type", "alliance", "--member", "CUB:2004-12-14", "--member", "Venezuela:2004-12-14:",
        "--observer", "ESP:2020:2021-06", "--db", str(db_path),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (
        "Added the party Bolivarian Alliance for the Peoples of Our America (ALBA): "
        "2 members, 1 observer.\n"
    )
    path = _csv(tmp_path, "Cuba,alba,one-way,membership,2004-12-14,Cuba founds ALBA\n")
    assert _bilateral(capsys, "import", str(path), "--db", str(db_path))[0] == 0
    db = open_database(db_path)
    assert db.execute("SELECT actor, partner FROM records").fetchall() == [("CUB", "ALBA")]
    [alba] = [p for p in parties.list_parties(db) if p.code == "ALBA"]
    assert [(m.member, m.role, m.start, m.end) for m in alba.members] == [
        ("CUB", "member", "2004-12-14", ""),
        ("VEN", "member", "2004-12-14", ""),
        ("ESP", "observer", "2020", "2021-06"),
    ]


def test_a_party_added_in_this_process_resolves_at_once(empty_db):
    assert parties.resolve_party(empty_db, "Mercosur") is None
    parties.add_party(empty_db, "MERCOSUR", "Southern Common Market", "bloc")
    assert parties.resolve_party(empty_db, "southern common market") == "MERCOSUR"
    assert parties.resolve_party(empty_db, "Mercosur") == "MERCOSUR"
    assert parties.party_name(empty_db, "MERCOSUR") == "Southern Common Market"
    assert parties.party_name(empty_db, "RUS") == "Russia"


@pytest.mark.parametrize(
    ("code", "name", "kind", "message"),
    [
        ("tu", "Test Union", "bloc", "2 to 10 capital letters or digits"),
        ("AU", "Test Union", "bloc", "already the code of Australia (AUS)"),
        ("CUBA1", "Cuba", "bloc", "already the name of Cuba (CUB)"),
        ("BRICS", "Another", "bloc", "BRICS exists already"),
        ("BRX", "brics", "bloc", "BRICS exists already"),
        ("TU1", "Test Union", "club", "is not a party type"),
    ],
)
def test_a_party_that_clashes_or_is_malformed_is_refused(empty_db, code, name, kind, message):
    with pytest.raises(parties.PartyError, match=re.escape(message)):
        parties.add_party(empty_db, code, name, kind)


def test_a_member_that_is_nothing_is_refused_with_suggestions(empty_db):
    with pytest.raises(
        parties.PartyError, match=r"'Rusia' is not a country or party; did you mean Russia \(RUS\)"
    ):
        parties.add_party(empty_db, "X1", "X one", "other", [parties.Membership("Rusia")])


def test_deleting_a_used_party_is_refused_with_the_count(db_path, tmp_path, capsys):
    body = CUBA_BRICS + "BRICS,RUS,one-way,statement,2024-10-22,Kazan summit\n"
    assert _bilateral(capsys, "import", str(_csv(tmp_path, body)), "--db", str(db_path))[0] == 0
    code, out, err = _bilateral(capsys, "parties", "delete", "BRICS", "--db", str(db_path))
    assert code == 1 and out == ""
    assert (
        err
        == "bilateral: BRICS is not deleted: 2 record(s) have it as actor, partner or other party\n"
    )
    assert _bilateral(capsys, "parties", "delete", "EU", "--db", str(db_path))[0] == 0
    db = open_database(db_path)
    assert parties.resolve_party(db, "EU") is None
    code, _, err = _bilateral(capsys, "parties", "delete", "CUB", "--db", str(db_path))
    assert code == 1 and "is a country" in err and "Traceback" not in err


def test_unknown_party_text_gets_suggestions(empty_db, tmp_path):
    with pytest.raises(ImportFailed) as failed:
        import_records(empty_db, _csv(tmp_path, "CUB,BRIX,one-way,membership,2025,Bad\n"))
    assert [(p.column, p.reason) for p in failed.value.report.problems] == [
        ("partner", "'BRIX' is not a country or party; did you mean BRICS?")
    ]
    with pytest.raises(InvalidRecord, match="did you mean European Union"):
        add_record(
            empty_db,
            Record(actor="CUB", partner="Europen Union", kind="visit", date="2023", title="T"),
        )
    with pytest.raises(
        query.FilterError, match="'Bricks' is not a country or party; did you mean BRICS"
    ):
        query.parse_pair("Cuba/Bricks", parties.table(empty_db))
    assert "BRICS" in parties.suggest(empty_db, "brcs")


def test_a_database_at_m009_gains_the_parties_and_keeps_its_records(tmp_path):
    old = Database(tmp_path / "v9.db")
    migrations.apply(old, stop_before="m010_parties")
    old.conn.execute(
        "INSERT INTO records (id, uid, actor, partner, direction, kind, date, title, status, "
        "created_at, updated_at) VALUES (1, 'r1', 'RUS', 'CUB', 'one-way', 'visit', '2023', "
        "'Visit', 'completed', '2023-06-01T00:00:00Z', '2023-06-01T00:00:00Z')"
    )
    old.conn.commit()
    old.close()
    db = open_database(tmp_path / "v9.db")
    assert db.execute("SELECT pair FROM records").fetchall() == [("CUB-RUS",)]
    assert "m010_parties" in {m.name for m in migrations.applied(db)}
    brics = {p.code: p for p in parties.list_parties(db)}["BRICS"]
    assert brics.builtin and brics.type == "bloc"
    assert ("CUB", "partner", "2025-01-01") in {(m.member, m.role, m.start) for m in brics.members}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # Countries are pycountry's, not rows of the table.
    assert db.execute("SELECT count(*) FROM parties WHERE code = 'CUB'").fetchone() == (0,)


def test_kosovo_in_a_file_and_participants_stay_countries(empty_db, tmp_path):
    import_records(empty_db, _csv(tmp_path, "XKX,SRB,mutual,statement,2024,Talks\n"))
    assert empty_db.execute("SELECT actor, partner FROM records").fetchall() == [("XKX", "SRB")]
    path = tmp_path / "people.csv"
    path.write_text(
        "actor,partner,kind,date,title,participants\n"
        "CUB,BRICS,visit,2024-10,Kazan,Miguel Díaz-Canel | BRICS | President\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failed:
        import_records(empty_db, path)
    [problem] = failed.value.report.problems
    assert problem.column == "participants" and "'BRICS' is not a country" in problem.reason


def test_a_lookalike_party_code_is_refused(empty_db):
    assert parties.resolve_party(empty_db, "BRICS\u200b") is None
    assert parties.resolve_party(empty_db, "  brics ") == "BRICS"
    assert parties.resolve_party(empty_db, "European Union (EU)") == "EU"


def test_names_and_labels_take_codes_in_any_case(empty_db):
    table = parties.table(empty_db)
    assert table.label("brics") == "BRICS" and table.label("eu") == "European Union (EU)"
    assert table.name("cub") == "Cuba" and table.label("xyz") == "xyz"

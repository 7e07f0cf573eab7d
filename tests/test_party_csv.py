"""The parties CSV: bilateral export parties and parties import, so a team can share its list."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from bilateral.cli.main import main
from bilateral.db import parties, party_csv
from bilateral.db.csv_rows import ImportFailed
from bilateral.db.parties import Membership
from bilateral.db.store import open_database

HEADER = "code,name,type,source,member,role,from,to,member_source"
ALBA = [
    "ALBA,Bolivarian Alliance,alliance,https://albatcp.org,CUB,member,2004-12-14,,",
    "ALBA,Bolivarian Alliance,alliance,https://albatcp.org,VEN,member,2004-12-14,,",
    "ALBA,Bolivarian Alliance,alliance,https://albatcp.org,HTI,observer,2007,2010-06,",
]


def _bilateral(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _write(tmp_path, lines: list[str], name: str = "parties.csv", sep: str = ",", bom=False):
    path = tmp_path / name
    text = "\r\n".join(line.replace(",", sep) for line in lines) + "\r\n"
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


def _add_alba(db) -> None:
    parties.add_party(
        db,
        "ALBA",
        "Bolivarian Alliance",
        "alliance",
        [
            Membership("CUB", "member", "2004-12-14"),
            Membership("VEN", "member", "2004-12-14"),
            Membership("HTI", "observer", "2007", "2010-06"),
        ],
        "https://albatcp.org",
    )
    parties.add_party(db, "LONE", "A party without members")


def _snapshot(db) -> list:
    return [
        (p.code, p.name, p.type, p.source, [tuple(vars(m).values()) for m in p.members])
        for p in parties.list_parties(db)
    ]


def test_export_writes_the_header_one_row_per_membership_and_no_countries(empty_db):
    _add_alba(empty_db)
    out = io.StringIO(newline="")
    written = party_csv.export_parties(empty_db, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == HEADER.split(",")
    alba = [r for r in rows if r[0] == "ALBA"]
    assert alba == [line.split(",") for line in sorted(ALBA, key=lambda x: x.split(",")[5])]
    assert [r for r in rows if r[0] == "LONE"] == [
        ["LONE", "A party without members", "other", "", "", "", "", "", ""]
    ]
    codes = {r[0] for r in rows[1:]}
    assert {"BRICS", "EU", "NDB"} <= codes  # the shipped organisations
    assert "CUB" not in codes and "XKX" not in codes  # countries are every database's own
    assert written == len(codes) == len(parties.list_parties(empty_db))


def test_round_trip_on_a_fresh_database_is_identity(db_path, tmp_path, capsys):
    db = open_database(db_path)
    _add_alba(db)
    db.close()
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    fresh = tmp_path / "fresh.db"
    code, _, err = _bilateral(
        capsys, "export", "parties", "--out", str(first), "--bom", "--db", str(db_path)
    )
    assert code == 0, err
    assert first.read_bytes().startswith(b"\xef\xbb\xbfcode,name,type,source,member")
    assert _bilateral(capsys, "seed", "--db", str(fresh))[0] == 0
    code, out, err = _bilateral(capsys, "parties", "import", str(first), "--db", str(fresh))
    assert code == 0, err
    shipped = len(parties.list_parties(open_database(fresh))) - 2
    assert out.strip() == (
        f"Imported 2 parties (3 memberships); {shipped} already there unchanged."
    )
    code, _, err = _bilateral(
        capsys, "export", "parties", "--out", str(second), "--bom", "--db", str(fresh)
    )
    assert code == 0, err
    assert second.read_bytes() == first.read_bytes()
    # Again: everything is there, nothing changes.
    code, out, _ = _bilateral(capsys, "parties", "import", str(first), "--db", str(fresh))
    assert code == 0
    assert out.startswith("Imported 0 parties (0 memberships);")


def test_semicolons_bom_names_and_a_member_from_the_same_file(empty_db, tmp_path):
    path = _write(
        tmp_path,
        [
            "code,name,type,member,role,from",
            "ALBA,Bolivarian Alliance,Alliance,Cuba,,2004-12-14",
            "ALBA,,,Venezuela,member,2004-12-14",
            "LAF,Latin forum,forum,ALBA,partner,2010",
        ],
        sep=";",
        bom=True,
    )
    done = party_csv.import_parties(empty_db, path)
    assert (done.parties, done.memberships, done.unchanged) == (2, 3, 0)
    found = {p.code: p for p in parties.list_parties(empty_db)}
    assert found["ALBA"].type == "alliance"
    assert [(m.member, m.role) for m in found["ALBA"].members] == [
        ("CUB", "member"),
        ("VEN", "member"),
    ]
    assert [(m.member, m.role, m.start) for m in found["LAF"].members] == [
        ("ALBA", "partner", "2010")
    ]
    assert parties.resolve_party(empty_db, "Latin forum") == "LAF"


def test_a_workbook_imports_like_the_csv(empty_db, tmp_path):
    book = Workbook()
    sheet = book.active
    for line in [HEADER, *ALBA]:
        sheet.append(line.split(","))
    path = tmp_path / "parties.xlsx"
    book.save(path)
    done = party_csv.import_parties(empty_db, path)
    assert (done.parties, done.memberships) == (1, 3)


def test_bad_rows_are_told_by_row_and_column_and_change_nothing(db_path, tmp_path, capsys):
    before = _snapshot(open_database(db_path))
    path = _write(
        tmp_path,
        [
            "code,name,type,member,role,from,to",
            "ALBA,Bolivarian Alliance,aliance,Cubaa,member,2004-13-01,",
            "ALBA,Other name,,VEN,member,2004,2003",
            "NEW,New party,bloc,,,2020,",
            "NEW2,Newer party,bloc,USA,boss,,",
            "CU,Cuba,,,,,",
        ],
    )
    code, out, err = _bilateral(capsys, "parties", "import", str(path), "--db", str(db_path))
    assert code == 1 and out == ""
    assert "Traceback" not in err
    assert f"{path}: nothing imported, 8 problem(s):" in err
    lines = err.splitlines()[1:]
    text = "\n".join(lines)
    for expected in (
        "row 2, type: 'aliance' is not a party type: did you mean 'alliance'?",
        "row 2, from: '2004-13-01':",
        "row 2, member: 'Cubaa' is not a country or party; did you mean Cuba (CUB)?",
        "row 3, name: 'Other name' differs from 'Bolivarian Alliance' on row 2 for the party "
        "ALBA; write 'Bolivarian Alliance' (or leave the cell empty)",
        "row 3, to: 2003 is before 2004 (from)",
        "row 4, member: empty, but the row has a role, dates or a source",
        "row 5, role: 'boss' is not a role",
        "row 6, code: 'CU' is already the code of Cuba (CUB)",
    ):
        assert expected in text
    rows = [int(line.split(",")[0].split()[1]) for line in lines]
    assert rows == sorted(rows)  # told in the file's order
    assert _snapshot(open_database(db_path)) == before


def test_a_party_already_there_is_refused_unless_update(db_path, tmp_path, capsys):
    db = open_database(db_path)
    _add_alba(db)
    db.close()
    changed = _write(
        tmp_path,
        [
            HEADER,
            "ALBA,Bolivarian Alliance,alliance,https://albatcp.org,CUB,member,2004-12-14,,",
            "NEWP,New party,forum,,BRA,member,2020,,",
        ],
    )
    code, out, err = _bilateral(capsys, "parties", "import", str(changed), "--db", str(db_path))
    assert code == 1
    assert (
        "row 2, code: ALBA is already in the database and its memberships differ from the "
        "file's; import with --update to replace them"
    ) in err
    assert parties.resolve_party(open_database(db_path), "NEWP") is None  # nothing at all
    code, out, err = _bilateral(
        capsys, "parties", "import", str(changed), "--update", "--db", str(db_path)
    )
    assert code == 0, err
    assert out.strip() == "Imported 2 parties (2 memberships); 0 already there unchanged."
    found = {p.code: p for p in parties.list_parties(open_database(db_path))}
    assert [m.member for m in found["ALBA"].members] == ["CUB"]
    assert "LONE" in found  # absent from the file, left alone


def test_an_identical_party_is_skipped_and_counted(empty_db, tmp_path):
    _add_alba(empty_db)
    path = _write(tmp_path, [HEADER, *ALBA])
    done = party_csv.import_parties(empty_db, path)
    assert (done.parties, done.memberships, done.unchanged) == (0, 0, 1)


def test_a_name_taken_by_another_party_is_refused(empty_db, tmp_path):
    path = _write(tmp_path, ["code,name", "EUR,European Union", "AAA,Same", "BBB,same"])
    with pytest.raises(ImportFailed) as failed:
        party_csv.import_parties(empty_db, path)
    text = [str(p) for p in failed.value.report.problems]
    assert "row 2, name: 'European Union' is already the name of European Union (EU)" in text
    assert "row 4, name: 'same' is also the name of AAA (row 3)" in text


def test_import_of_a_missing_or_headerless_file_says_so(db_path, tmp_path, capsys):
    code, _, err = _bilateral(
        capsys, "parties", "import", str(tmp_path / "nope.csv"), "--db", str(db_path)
    )
    assert code == 1 and "nope.csv is not a file" in err and "Traceback" not in err
    path = _write(tmp_path, ["actor,partner", "CUB,VEN"])
    code, _, err = _bilateral(capsys, "parties", "import", str(path), "--db", str(db_path))
    assert code == 1 and "Traceback" not in err
    assert "row 1, code: required column is missing" in err
    assert "unknown column (the columns are code, name, type" in err

"""The CAMEO codebook ships with the package; codes outside it are refused, 70 suggests 070."""

from __future__ import annotations

import pytest

from bilateral.cli.main import main
from bilateral.db import cameo, csvfile
from bilateral.db.errors import InvalidRecord
from bilateral.db.query import list_ids
from bilateral.db.records import Record, add_kind, get_records, list_kinds
from bilateral.db.schema import BUILTIN_KINDS
from bilateral.db.validation import normalise, validate

KINDS = {name for name, *_ in BUILTIN_KINDS}


def cameo_problems(code: str) -> list[str]:
    record = Record(actor="CHN", partner="CUB", kind="aid", date="2023", title="T", cameo_code=code)
    return [p.message for p in validate(normalise(record), KINDS) if p.field == "cameo_code"]


def test_the_codebook_has_its_twenty_roots_and_every_event_code():
    book = cameo.codebook()
    assert [c for c in book if len(c) == 2] == [f"{n:02d}" for n in range(1, 21)]
    assert len(book) == 311 and all(c.isdigit() and 2 <= len(c) <= 4 for c in book)


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("010", "Make statement, not specified below"),
        ("042", "Make a visit"),
        ("057", "Sign formal agreement"),
        ("070", "Provide aid, not specified below"),
        ("07", "PROVIDE AID"),
        ("106", "Demand withdrawal"),
        ("2042", "Detonate nuclear weapons"),
    ],
)
def test_a_code_has_its_label(code, label):
    assert cameo.label(code) == label


def test_every_built_in_kind_has_a_code_of_the_codebook():
    assert [name for name, code, *_ in BUILTIN_KINDS if cameo.label(code) is None] == []


def test_every_seed_record_has_a_code_of_the_codebook(seeded_db):
    records = get_records(seeded_db, list_ids(seeded_db))
    assert records and [r.title for r in records if cameo.label(r.cameo_code) is None] == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("70", "'70' is not a CAMEO code; did you mean 070 (Provide aid, not specified below)?"),
        ("57", "'57' is not a CAMEO code; did you mean 057 (Sign formal agreement)?"),
        ("211", "'211' is not a CAMEO code; did you mean 0211 (Appeal for economic cooperation)?"),
        ("7", "'7' is not a CAMEO code; did you mean 07 (PROVIDE AID)?"),
        ("999", "'999' is not a CAMEO code"),
        ("0999", "'0999' is not a CAMEO code"),
        ("=1+1", "must be a CAMEO code of 2 to 4 digits, such as 057"),
    ],
)
def test_a_code_outside_the_codebook_is_refused(code, message):
    assert cameo_problems(code) == [message]


def test_codes_of_the_codebook_are_accepted():
    assert [code for code in cameo.codebook() if cameo_problems(code)] == []


def test_an_imported_code_that_lost_its_zero_gets_the_padded_one_suggested(empty_db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "uid,actor,partner,kind,date,title,cameo_code\r\nu1,CHN,CUB,aid,2023,T,70\r\n",
        encoding="utf-8",
    )
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(empty_db, path)
    assert [str(p) for p in failed.value.report.problems] == [
        "row 2, cameo_code: '70' is not a CAMEO code; did you mean 070"
        " (Provide aid, not specified below)?"
    ]


def test_a_kind_added_with_a_code_outside_the_codebook_is_refused(empty_db):
    with pytest.raises(InvalidRecord, match=r"'999' is not a CAMEO code"):
        add_kind(empty_db, "boycott", "999", 4)
    assert "boycott" not in {k.name for k in list_kinds(empty_db)}


def test_a_kind_added_with_a_code_of_the_codebook_keeps_it(empty_db):
    assert add_kind(empty_db, "boycott", " 163 ", 4).cameo_code == "163"


def test_the_kinds_command_suggests_the_padded_code(seeded_path, capsys):
    code = main(["kinds", "--db", str(seeded_path), "--add", "trial", "--cameo", "63"])
    assert code == 1
    assert capsys.readouterr().err == (
        "bilateral: --cameo: '63' is not a CAMEO code;"
        " did you mean 063 (Engage in judicial cooperation)?\n"
    )

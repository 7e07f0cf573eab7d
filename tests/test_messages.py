"""Refused values name the valid ones, and a row's every problem is reported, not just its first."""

from __future__ import annotations

import pytest

from bilateral.cli.main import main
from bilateral.db import csvfile
from bilateral.db.kinds import DEBT_RELIEF_KIND
from bilateral.db.records import Record, add_kind, add_record, get_record, kind_defaults
from bilateral.db.schema import BUILTIN_KINDS, MEETING_KIND
from bilateral.db.validation import normalise, validate

KINDS = {name for name, *_ in (*BUILTIN_KINDS, MEETING_KIND, DEBT_RELIEF_KIND)}
KIND_LIST = (
    "agreement, aid, allegation, debt-relief, dispute, investment, loan, meeting, membership,"
    " security, statement, trade, visit"
)
STATUS_LIST = "expected, pledged, signed, in force, completed, cancelled"
HEADER = "uid,actor,partner,kind,date,title,amount,currency,terms_disclosed,quad_class,status,participants"


def good(**changes) -> Record:
    values = dict(actor="CHN", partner="CUB", kind="aid", date="2023-11-06", title="Donation")
    values.update(changes)
    return Record(**values)


def messages(record: Record, kinds=KINDS) -> dict[str, str]:
    return {p.field: p.message for p in validate(normalise(record), kinds)}


def import_problems(tmp_path, db, *rows: str, header: str = HEADER) -> list[tuple[int, str, str]]:
    path = tmp_path / "in.csv"
    path.write_text("\r\n".join((header, *rows)) + "\r\n", encoding="utf-8", newline="")
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(db, path)
    return [(p.row, p.column, p.reason) for p in failed.value.report.problems]


# ------------------------------------------------------------------ valid values named


def test_an_unknown_kind_lists_the_kinds_and_how_to_add_one():
    assert messages(good(kind="Sanction"))["kind"] == (
        f"'sanction' is not a known kind; use one of {KIND_LIST},"
        " or add it with: bilateral kinds --add sanction"
    )


def test_an_unknown_kind_of_two_words_is_quoted_for_the_shell():
    assert messages(good(kind="state visit"))["kind"].endswith(
        "bilateral kinds --add 'state visit'"
    )


def test_a_kind_the_user_added_is_among_the_listed_kinds(empty_db):
    add_kind(empty_db, "boycott", "163", 4)
    assert "boycott, debt-relief" in messages(good(kind="party"), kind_defaults(empty_db))["kind"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"status": "rumoured"}, "status", f"'rumoured' must be one of {STATUS_LIST}"),
        (
            {"amount_usd": 1.0, "usd_basis": "guess"},
            "usd_basis",
            "'guess' must be one of source, ecb, user",
        ),
        ({"direction": "sideways"}, "direction", "'sideways' must be one of one-way, mutual"),
    ],
)
def test_a_bad_value_lists_the_valid_ones(changes, field, message):
    assert messages(good(**changes))[field] == message


@pytest.mark.parametrize(
    "typed", ["two-way", "Two-Way", " bilateral ", "BOTH", "mutual", "two way"]
)
def test_two_way_and_bilateral_are_stored_as_mutual(empty_db, typed):
    record_id = add_record(empty_db, good(direction=typed))
    assert get_record(empty_db, record_id).direction == "mutual"


def test_an_imported_two_way_or_bilateral_is_stored_as_mutual(empty_db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "uid,actor,partner,kind,date,title,direction\r\n"
        "u1,CHN,CUB,visit,2023,A,two-way\r\nu2,CHN,CUB,visit,2023,B,Bilateral\r\n",
        encoding="utf-8",
    )
    csvfile.import_records(empty_db, path)
    assert {get_record(empty_db, i).direction for i in (1, 2)} == {"mutual"}


def test_an_imported_bad_status_lists_the_statuses(empty_db, tmp_path):
    row = "u1,CHN,CUB,aid,2023,T,10,USD,yes,2,rumoured,"
    assert import_problems(tmp_path, empty_db, row) == [
        (2, "status", f"'rumoured' must be one of {STATUS_LIST}")
    ]


# ------------------------------------------------------------------ every problem of a row


def test_four_bad_cells_in_one_row_give_four_problems(empty_db, tmp_path):
    row = "u1,CHN,CUB,aid,2023,T,lots,USD,maybe,7,signed,Ana | XXX | minister"
    found = import_problems(tmp_path, empty_db, row)
    assert len(found) == 4 and {r for r, _, _ in found} == {2}
    reasons = {c: m for _, c, m in found}
    assert reasons == {
        "amount": "'lots' is not a number",
        "terms_disclosed": "'maybe' must be yes or no",
        "quad_class": "'7' must be 1, 2, 3 or 4",
        "participants": reasons["participants"],
    }
    assert "participant 1" in reasons["participants"] and "XXX" in reasons["participants"]


def test_a_bad_cell_does_not_hide_a_bad_kind_status_or_country(empty_db, tmp_path):
    row = "u1,CHN,ZZZ,party,2023,T,lots,USD,yes,,rumoured,"
    found = {c: m for _, c, m in import_problems(tmp_path, empty_db, row)}
    assert set(found) == {"amount", "partner", "kind", "status"}
    assert KIND_LIST in found["kind"] and STATUS_LIST in found["status"]


def test_an_emptied_bad_amount_is_not_reported_again_as_missing(empty_db, tmp_path):
    """The bad amount is left empty for validation, which would say 'a currency needs an amount'."""
    row = "u1,CHN,CUB,aid,2023,T,lots,USD,yes,,signed,"
    assert import_problems(tmp_path, empty_db, row) == [(2, "amount", "'lots' is not a number")]


def test_each_bad_list_item_is_a_problem_of_its_own(empty_db, tmp_path):
    people = "A | CUB | x | extra; B | CUB; C | CUB | y | z | w; D | XXX"
    row = f"u1,CHN,CUB,aid,2023,T,10,USD,yes,,signed,{people}"
    found = import_problems(tmp_path, empty_db, row)
    assert found[:2] == [
        (
            2,
            "participants",
            "participant 1 has 4 '|'-separated values, not more than 3 (name | country | role)",
        ),
        (
            2,
            "participants",
            "participant 3 has 5 '|'-separated values, not more than 3 (name | country | role)",
        ),
    ]
    # The others keep their numbers: the fourth's country is reported as the fourth's.
    assert len(found) == 3 and found[2][1] == "participants" and "participant 4" in found[2][2]


def test_a_source_with_too_many_values_is_named_by_its_number(empty_db, tmp_path):
    sources = "P | T | https://a.example | 2023 | q; P | T | https://b.example | 2023 | q | more"
    found = import_problems(
        tmp_path,
        empty_db,
        f"u1,CHN,CUB,aid,2023,T,{sources}",
        header="uid,actor,partner,kind,date,title,sources",
    )
    assert found == [
        (
            2,
            "sources",
            "source 2 has 6 '|'-separated values, not more than 5"
            " (publisher | title | URL | published | quote)",
        )
    ]


def test_a_clean_row_after_a_bad_one_is_still_checked_alone(empty_db, tmp_path):
    bad = "u1,CHN,CUB,aid,2023,T,lots,USD,yes,,signed,"
    clean = "u2,CHN,CUB,aid,2023,T,10,USD,yes,,signed,"
    assert import_problems(tmp_path, empty_db, bad, clean) == [
        (2, "amount", "'lots' is not a number")
    ]


# ------------------------------------------------------------------ filters


def test_an_unknown_kind_filter_is_an_error_listing_the_kinds(seeded_path, capsys):
    code = main(["export", "records", "--db", str(seeded_path), "--kind", "nonsense"])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == (
        f"bilateral: unknown kind 'nonsense': use one of {KIND_LIST} (bilateral kinds lists them)\n"
    )


def test_an_unknown_status_filter_is_an_error_listing_the_statuses(seeded_path, capsys):
    code = main(["export", "summary", "--db", str(seeded_path), "--status", "rumoured"])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == f"bilateral: unknown status 'rumoured': use one of {STATUS_LIST}\n"


def test_a_kind_the_user_added_can_be_filtered_on(seeded_path, capsys):
    assert main(["kinds", "--db", str(seeded_path), "--add", "boycott", "--cameo", "163"]) == 0
    capsys.readouterr()
    assert main(["export", "records", "--db", str(seeded_path), "--kind", "Boycott"]) == 0
    assert capsys.readouterr().out.startswith("uid,")


def test_a_known_kind_filter_in_any_case_still_exports(seeded_path, capsys):
    assert main(["export", "records", "--db", str(seeded_path), "--kind", "Aid"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) > 1 and all(",aid," in line for line in rows[1:])

"""export events --format plover: PLOVER JSON lines whose CAMEO codes come back as they were."""

from __future__ import annotations

import json

from bilateral.cli.main import main
from bilateral.db import events_export
from bilateral.db.store import open_database


def _bilateral(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _events(text: str) -> dict[str, dict]:
    return {event["id"]: event for event in map(json.loads, text.splitlines())}


def test_the_seeds_cameo_codes_round_trip(seeded_path, capsys):
    code, out, err = _bilateral(
        capsys, "export", "events", "--format", "plover", "--db", seeded_path
    )
    assert code == 0, err
    events = _events(out)
    db = open_database(seeded_path)
    stored = dict(db.execute("SELECT uid, cameo_code FROM records").fetchall())
    assert {uid: e["cameo_code"] for uid, e in events.items()} == stored
    assert "070" in stored.values()  # kept as text, leading zero and all


def test_codes_map_to_plover_types_through_the_plover_projects_table(seeded_path, capsys):
    _, out, err = _bilateral(capsys, "export", "events", "--db", seeded_path)
    events = _events(out)
    donation = events["seed-chn-cub-donation-2022"]
    assert (donation["event"], donation["has_event"]) == (["AID"], True)
    assert events_export.plover_type("042") == events_export.PloverType("CONSULT", "visit")
    assert events_export.plover_type("0311").context == ("economic",)
    # Statements are not PLOVER events: said so, not given a type they do not have.
    statements = [e for e in events.values() if e["cameo_code"].startswith("01")]
    assert statements and all(e["event"] == [] and not e["has_event"] for e in statements)
    assert f"{len(statements)} of {len(events)} events have no PLOVER type" in err


def test_sides_dates_and_claims_are_written_as_plover_reads_them(seeded_path, capsys):
    _, out, _ = _bilateral(capsys, "export", "events", "--db", seeded_path)
    events = _events(out)
    tour = events["seed-chn-cub-marrero-tour-2023"]
    assert (tour["actor"], tour["recipient"]) == ([{"code": "CUB"}], [{"code": "CHN"}])
    mutual = next(e for e in events.values() if len(e["actor"]) == 2)
    assert mutual["recipient"] == []
    month = next(e for e in events.values() if e["date_precision"] == "month")
    assert month["date"].endswith("-01")
    claimed = [e for e in events.values() if e["claim_status"] != "established"]
    assert claimed and all(e["comment"].startswith(e["claim_status"]) for e in claimed)


def test_the_pair_filter_and_out_file_work_like_other_exports(seeded_path, tmp_path, capsys):
    target = tmp_path / "events.jsonl"
    code, out, err = _bilateral(
        capsys, "export", "events", "--pair", "BLR-CUB", "--out", target, "--db", seeded_path
    )
    assert code == 0 and out == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["recipient"] == [{"code": "BLR"}]


def test_an_export_onto_the_database_is_refused(seeded_path, capsys):
    before = seeded_path.read_bytes()
    code, _, err = _bilateral(capsys, "export", "events", "--out", seeded_path, "--db", seeded_path)
    assert code == 1 and "left untouched" in err
    assert seeded_path.read_bytes() == before


def test_gdelt_rows_have_61_columns_and_come_back_through_the_gdelt_import(
    seeded_path, tmp_path, capsys
):
    target = tmp_path / "events.export.CSV"
    code, _, err = _bilateral(
        capsys, "export", "events", "--format", "gdelt", "--out", target, "--db", seeded_path
    )
    assert code == 0, err
    rows = [line.split("\t") for line in target.read_text(encoding="utf-8").splitlines()]
    assert {len(row) for row in rows} == {61}
    donation = next(row for row in rows if row[26] == "070")
    assert (donation[7], donation[17], donation[27], donation[28]) == ("CHN", "CUB", "070", "07")
    again = tmp_path / "again.db"
    code, out, err = _bilateral(capsys, "import", target, "--format", "gdelt", "--db", again)
    assert code == 0 and "skipped none" in out, err
    original = open_database(seeded_path)
    copied = open_database(again)
    by_number = {
        f"gdelt-{number}": (code, quad)
        for number, code, quad in original.execute("SELECT id, cameo_code, quad_class FROM records")
    }
    back = {
        uid: (code, quad)
        for uid, code, quad in copied.execute("SELECT uid, cameo_code, quad_class FROM records")
    }
    assert back == by_number


def test_a_country_gdelt_spells_its_own_way_is_written_as_gdelt_writes_it():
    assert events_export._cameo_country()["ROU"] == "ROM"
    assert events_export._cameo_country()["CUB"] == "CUB"

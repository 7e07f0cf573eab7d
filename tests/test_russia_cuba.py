"""A second pair typed as a new user types it: Russia–Cuba, by name and alpha-2, through the CLI."""

from __future__ import annotations

import csv
import io

from test_cli import run

# No uid column: what a user writes by hand in a spreadsheet.
TYPED = """actor,partner,kind,date,title,amount,currency,participants
Russia,CU,aid,2023-03,Russian oil shipment to Cuba,38000000,RUB,Sergei Lavrov | Russia | Foreign Minister
RU,cuba,loan,2021-06-15,Loan for the Havana power plant,1000000000,RUB,
Russian Federation,Cuba,visit,2023-11-20,Díaz-Canel in Moscow,,,Miguel Díaz-Canel | cu | President
"""


def _records(db, *args) -> list[dict]:
    result = run("export", "records", "--db", db, *args)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_russia_cuba_file_typed_with_names_and_alpha_2_codes_imports_once(tmp_path):
    db, typed = tmp_path / "rc.db", tmp_path / "russia-cuba.csv"
    typed.write_text(TYPED, encoding="utf-8")
    first = run("import", typed, "--db", db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Added 3, updated 0, unchanged 0, 0 conflicts.")
    # The stale-rate case: the ECB stopped publishing RUB on 2022-03-01.
    assert "row 2, amount_usd: left empty: the ECB published no RUB rate within 7 days" in (
        first.stdout
    )

    rows = {r["title"]: r for r in _records(db, "--pair", "Russia,Cuba")}
    assert {(r["actor"], r["partner"]) for r in rows.values()} == {("RUS", "CUB")}
    stale = rows["Russian oil shipment to Cuba"]
    assert (stale["amount"], stale["amount_usd"], stale["usd_basis"]) == ("38000000", "", "")
    assert stale["participants"] == "Sergei Lavrov | RUS | Foreign Minister"
    converted = rows["Loan for the Havana power plant"]
    assert converted["usd_basis"] == "ecb" and float(converted["amount_usd"]) > 1e7
    assert rows["Díaz-Canel in Moscow"]["participants"] == "Miguel Díaz-Canel | CUB | President"

    again = run("import", typed, "--db", db, "--dry-run")
    assert again.stdout.startswith("Would add 0,"), again.stdout
    assert "3 duplicate(s) of records already there, would be skipped" in again.stdout
    second = run("import", typed, "--db", db)
    assert second.returncode == 0, second.stderr
    assert len(_records(db, "--pair", "RU-CU")) == 3


def test_several_bad_cells_in_one_row_are_all_listed(tmp_path):
    db, bad = tmp_path / "rc.db", tmp_path / "bad.csv"
    bad.write_text(
        "actor,partner,kind,date,title,amount,currency,terms_disclosed,quad_class,participants\n"
        "Rusia,CUB,aid,2023-03,Shipment,lots,RUB,perhaps,7,Someone | Atlantis | Envoy\n",
        encoding="utf-8",
    )
    result = run("import", bad, "--db", db)
    assert result.returncode == 1
    lines = [line.strip() for line in result.stderr.splitlines()[1:]]
    assert lines[0].startswith("row 2, ") and len(lines) == 5, result.stderr
    for column, words in (
        ("actor", "did you mean Russia (RUS)?"),
        ("amount", "'lots' is not a number"),
        ("terms_disclosed", "must be yes or no"),
        ("quad_class", "must be 1, 2, 3 or 4"),
        ("participants", "'Atlantis'"),
    ):
        assert any(line.startswith(f"row 2, {column}: ") and words in line for line in lines), (
            column,
            result.stderr,
        )

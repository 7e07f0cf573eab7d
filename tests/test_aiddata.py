"""Importing AidData's GCDF 3.0 projects: real rows (tests/data/README.md), one record each."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from bilateral.db import aiddata, batches, csvfile
from bilateral.db.csv_rows import ImportFailed, ImportReport
from bilateral.db.model import OtherParty, Participant, Source
from bilateral.db.records import count_records, record_by_uid
from bilateral.db.store import open_database

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "aiddata-gcdf3-sample.csv"
WORKBOOK = DATA / "aiddata-gcdf3-sample.xlsx"
PROJECTS = 27
COMMAND = [
    sys.executable,
    "-c",
    "import sys; from bilateral.cli.main import main; sys.exit(main())",
]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=120)


def _rows() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _changed(tmp_path: Path, record_id: str, changes: dict[str, str]) -> Path:
    """The sample with cells of one real row changed, to see how a bad cell is told."""
    rows = _rows()
    for row in rows:
        if row["AidData Record ID"] == record_id:
            row.update(changes)
    path = tmp_path / "changed.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def imported(empty_db):
    report = csvfile.import_records(empty_db, SAMPLE, layout=aiddata.layout(empty_db, SAMPLE, None))
    assert (report.added, report.problem_count, report.committed) == (PROJECTS, 0, True)
    return empty_db


def test_the_fixture_rows_are_whole_gcdf_rows():
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        header, *rows = csv.reader(f)
    assert len(header) == 126 and all(len(row) == 126 for row in rows)
    for row in map(dict, (zip(header, row, strict=True) for row in rows)):
        lists = ("Source URLs", "Source Titles", "Source Publishers", "Source Resource Types")
        assert {len(row[name].split("|")) for name in lists} == {int(row["Total Source Count"])}


def test_one_record_per_project(imported):
    uids = {uid for (uid,) in imported.execute("SELECT uid FROM records")}
    assert uids == {f"aiddata-{row['AidData Record ID']}" for row in _rows()}
    assert count_records(imported) == PROJECTS


def test_the_cuban_port_loan_field_by_field(imported):
    # Row 43110: China Eximbank's $120 million loan for the Port of Santiago, signed
    # 22 July 2014 (a date AidData did not estimate), completed 9 June 2018.
    r = record_by_uid(imported, "aiddata-43110")
    assert (r.actor, r.partner, r.direction, r.kind) == ("CHN", "CUB", "one-way", "loan")
    assert (r.date, r.end_date, r.status) == ("2014-07-22", "2018-06-09", "completed")
    assert (
        r.title
        == "China Eximbank provides $120 million loan for Port of Santiago Modernization Project"
    )
    assert r.summary.startswith("On July 22, 2014, China Eximbank and the Government of Cuba")
    assert r.summary.endswith("\n\nAidData: 132,851,428 USD in constant 2021 dollars.")
    assert (r.amount, r.currency, r.amount_usd, r.usd_basis) == (120e6, "USD", 120e6, "source")
    assert r.terms_disclosed  # a 20-year maturity is given
    assert r.sectors == ["TRANSPORT AND STORAGE"]
    assert r.participants == [
        Participant("Export-Import Bank of China (China Eximbank)", "CHN", "financier")
    ]
    assert len(r.sources) == 22
    assert r.sources[2] == Source(
        "Havana Times",
        "China Grants Credit to Cuba to Build Port Terminal in Santiago",
        "https://havanatimes.org/news/china-grants-credit-to-cuba-to-build-port-terminal-in-santiago/",
    )
    assert r.other_parties == []
    assert (r.cameo_code, r.quad_class) == ("071", 2)


def test_an_estimated_commitment_date_keeps_only_its_year(imported):
    # Row 69333, the floating dock for Havana: AidData writes 2017-01-01 and marks it
    # estimated, so the record says 2017, not 1 January.
    r = record_by_uid(imported, "aiddata-69333")
    assert (r.partner, r.kind, r.date, r.end_date) == ("CUB", "loan", "2017", "2019-10-27")
    assert (r.amount, r.currency, r.amount_usd) == (29.1e6, "USD", 29.1e6)
    assert r.title.startswith("China Eximbank provides $29.1 million preferential buyer’s credit")
    assert r.sources[0].publisher == "San Diego Union-Tribune en Espanol"
    assert r.sources[-1].url == "https://www.bu.edu/gdp/chinas-overseas-development-finance/"


def test_a_grant_in_ringgit_field_by_field(imported):
    # Row 96083: the Chinese Embassy's MYR 100,000 donation to a food bank, 2021.
    r = record_by_uid(imported, "aiddata-96083")
    assert (r.actor, r.partner, r.kind, r.status) == ("CHN", "MYS", "aid", "completed")
    assert (r.date, r.end_date) == ("2021", "2021-11-18")
    assert (r.amount, r.currency) == (100000.0, "MYR")
    assert (r.amount_usd, r.usd_basis) == (24154.5893719806, "source")
    assert r.summary.endswith("AidData: 24,155 USD in constant 2021 dollars.")
    assert r.terms_disclosed
    assert r.sectors == ["DEVELOPMENTAL FOOD AID/FOOD SECURITY ASSISTANCE"]
    assert r.participants == [Participant("Chinese Embassy", "CHN", "financier")]
    assert [s.url for s in r.sources] == [
        "http://my.china-embassy.gov.cn/chn/sgxw/202111/t20211118_10449797.htm",
        "https://www.orientaldaily.com.my/news/nation/2021/11/18/450691",
        "http://mymceda.com/NewsDetail.aspx?ID=100",
    ]
    assert [s.publisher for s in r.sources] == ["", "", ""]  # AidData names none


def test_a_loan_with_its_terms_in_yuan_and_a_pledge_of_vaccines(imported):
    # Row 96202: a CNY 7.17 billion drawdown on the PBOC swap line, 2020 (estimated day).
    swap = record_by_uid(imported, "aiddata-96202")
    assert (swap.kind, swap.date, swap.end_date, swap.status) == ("loan", "2020", "", "completed")
    assert (swap.amount, swap.currency) == (7169923934.0, "CNY")
    assert (swap.amount_usd, swap.usd_basis) == (1039119410.72463, "source")
    assert swap.terms_disclosed  # its maturity, one year, is known
    # Row 96168: 1 million Sinovac doses promised in September 2021, not yet delivered.
    pledge = record_by_uid(imported, "aiddata-96168")
    assert (pledge.kind, pledge.status, pledge.date) == ("aid", "signed", "2021")
    # Row 69143: China Eximbank's $22.1 million to Jamaica's port authority, 2006,
    # with a 2.5-year maturity at 6.07%.
    port = record_by_uid(imported, "aiddata-69143")
    assert (port.partner, port.kind, port.date, port.end_date) == (
        "JAM",
        "loan",
        "2006-07-19",
        "2007-09-01",
    )
    assert (port.amount, port.currency, port.terms_disclosed) == (22118868.0, "USD", True)


def test_a_donation_of_unknown_value_is_undisclosed(imported):
    r = record_by_uid(imported, "aiddata-96082")
    assert (r.amount, r.currency, r.amount_usd, r.usd_basis) == (None, "", None, "")
    assert not r.terms_disclosed
    assert "AidData:" not in r.summary  # no constant-USD amount either


def test_a_co_financed_loan_in_implementation(imported):
    # Row 85355: $25 million from the People's Bank of China beside the IDB, IFC, KfW and
    # Standard Chartered; still in implementation, with no loan terms disclosed.
    r = record_by_uid(imported, "aiddata-85355")
    assert (r.partner, r.kind, r.status, r.date, r.end_date) == (
        "MEX",
        "loan",
        "in force",
        "2015-10-21",
        "",
    )
    assert not r.terms_disclosed
    assert r.participants == [
        Participant("People's Bank of China (PBC)", "CHN", "financier"),
        Participant("Germany Development Bank (KFW)", "", "co-financier"),
        Participant("Inter-American Development Bank", "", "co-financier"),
        Participant("International Finance Corporation (IFC)", "", "co-financier"),
        Participant("Standard Chartered Bank PLC", "", "co-financier"),
    ]
    # The URL holding ';' survives the records format's list syntax.
    assert r.sources[5].url.endswith(
        "?project=3348/CH-ME-1;3348/CH-ME-2;3348A/OC-ME-1;3348A/OC-ME-2;ME-L1152"
    )


def test_a_co_financier_that_is_a_party_becomes_an_other_party(db_path):
    added = run("parties", "add", "IFC", "International Finance Corporation", "--db", db_path)
    assert added.returncode == 0, added.stderr
    db = open_database(db_path)
    csvfile.import_records(db, SAMPLE, layout=aiddata.layout(db, SAMPLE, "aiddata"))
    r = record_by_uid(db, "aiddata-85355")
    db.close()
    assert r.other_parties == [OtherParty("IFC", "co-financier")]
    assert Participant("International Finance Corporation (IFC)", "", "co-financier") not in (
        r.participants
    )


def _path(db) -> Path:
    (_, _, file), *_ = db.execute("PRAGMA database_list").fetchall()
    return Path(file)


def test_importing_again_adds_nothing(imported):
    again = csvfile.import_records(imported, SAMPLE, layout=aiddata.layout(imported, SAMPLE, None))
    assert (again.added, again.updated, again.unchanged, again.conflicts) == (0, 0, PROJECTS, 0)
    assert count_records(imported) == PROJECTS
    first, second = reversed(batches.list_batches(imported))
    assert (first.file, first.added, second.added, second.unchanged) == (
        SAMPLE.name,
        PROJECTS,
        0,
        PROJECTS,
    )


def test_the_workbook_holds_the_same_rows_and_gives_the_same_records(imported, tmp_path):
    sheet = openpyxl.load_workbook(WORKBOOK, read_only=True).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    assert list(header) == list(_rows()[0])
    assert [str(row[0]) for row in rows] == [row["AidData Record ID"] for row in _rows()]
    fresh = open_database(tmp_path / "fresh.db")
    report = csvfile.import_records(fresh, WORKBOOK, layout=aiddata.layout(fresh, WORKBOOK, None))
    assert report.added == PROJECTS
    for (uid,) in imported.execute("SELECT uid FROM records"):
        a, b = record_by_uid(imported, uid), record_by_uid(fresh, uid)
        a.id = b.id
        a.created_at = a.updated_at = b.created_at = b.updated_at = ""
        assert a == b
    again = csvfile.import_records(fresh, SAMPLE, layout=aiddata.layout(fresh, SAMPLE, None))
    assert (again.added, again.unchanged) == (0, PROJECTS)


def test_the_format_is_told_from_the_header(tmp_path, seeded_db):
    assert aiddata.is_aiddata(SAMPLE) and aiddata.is_aiddata(WORKBOOK)
    exported = tmp_path / "records.csv"
    assert run("export", "records", "--db", _path(seeded_db), "--out", exported).returncode == 0
    assert not aiddata.is_aiddata(exported)
    assert aiddata.layout(seeded_db, exported, None) is None


def test_an_unknown_recipient_names_the_row_and_aiddata_column_and_imports_nothing(
    empty_db, tmp_path
):
    path = _changed(tmp_path, "69333", {"Recipient ISO-3": "XCU"})  # the second project
    with pytest.raises(ImportFailed) as failed:
        csvfile.import_records(empty_db, path, layout=aiddata.layout(empty_db, path, None))
    (problem,) = failed.value.report.problems
    assert (problem.row, problem.column) == (3, "Recipient ISO-3")
    assert "'XCU' is not a country" in problem.reason
    assert count_records(empty_db) == 0
    assert batches.list_batches(empty_db) == []


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Status", "Rumoured", "'Rumoured' is not one of Pipeline: Pledge"),
        ("Flow Type", "Vague TBD", "'Vague TBD' is not a flow type this import maps"),
        ("Commitment Date (MM/DD/YYYY)", "sometime", "'sometime' is not a date"),
        ("Original Currency", "XXXX", "XXXX"),
        ("AidData Record ID", "", "is empty"),
    ],
)
def test_a_bad_cell_is_told_by_its_aiddata_column(empty_db, tmp_path, column, value, reason):
    changes = {column: value}
    if column == "Flow Type":  # the simplified type would still tell the kind
        changes["Flow Type Simplified"] = value
    path = _changed(tmp_path, "43110", changes)  # row 5
    with pytest.raises(ImportFailed) as failed:
        csvfile.import_records(empty_db, path, layout=aiddata.layout(empty_db, path, "aiddata"))
    problems = [(p.row, p.column) for p in failed.value.report.problems]
    assert (5, column) in problems, failed.value.report.problems
    assert any(reason in p.reason for p in failed.value.report.problems)
    assert count_records(empty_db) == 0


@pytest.mark.parametrize(
    ("flow", "kind"),
    [
        ("Loan", "loan"),
        ("Grant", "aid"),
        ("Debt forgiveness", "debt-relief"),
        ("Debt rescheduling", "debt-relief"),
        ("Export Buyer's Credit", "loan"),
        ("Free-standing technical assistance", "aid"),
        ("Scholarships/training in the donor country", "aid"),
    ],
)
def test_kinds_from_flow_types(flow, kind):
    (row,) = [r for r in _rows() if r["AidData Record ID"] == "43110"]
    cells = {name.lower(): value for name, value in row.items()}
    cells["flow type"] = flow
    report = ImportReport()
    assert aiddata.project_cells(2, cells, report, None)["kind"] == kind
    assert report.problem_count == 0


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("Pipeline: Pledge", "pledged"),
        ("Pipeline: Commitment", "signed"),
        ("Implementation", "in force"),
        ("Completion", "completed"),
        ("Cancelled", "cancelled"),
        ("Suspended", "cancelled"),
    ],
)
def test_statuses(status, expected):
    (row,) = [r for r in _rows() if r["AidData Record ID"] == "43110"]
    cells = {name.lower(): value for name, value in row.items()} | {"status": status}
    assert aiddata.project_cells(2, cells, ImportReport(), None)["status"] == expected


def test_debt_relief_is_a_built_in_kind(empty_db):
    assert empty_db.execute(
        "SELECT cameo_code, quad_class, builtin FROM kinds WHERE name = 'debt-relief'"
    ).fetchone() == ("071", 2, 1)


def test_the_command_line_imports_once_and_reports(tmp_path):
    db = tmp_path / "cli.db"
    first = run("import", SAMPLE, "--db", db)
    assert (first.returncode, first.stdout.strip()) == (
        0,
        f"Added {PROJECTS}, updated 0, unchanged 0, 0 conflicts.",
    )
    again = run("import", WORKBOOK, "--format", "aiddata", "--db", db)
    assert (again.returncode, again.stdout.strip()) == (
        0,
        f"Added 0, updated 0, unchanged {PROJECTS}, 0 conflicts.",
    )


def test_the_command_line_reports_a_bad_row_and_changes_nothing(tmp_path):
    db, path = tmp_path / "cli.db", _changed(tmp_path, "96085", {"Recipient ISO-3": "MYSX"})
    failed = run("import", path, "--db", db)
    assert failed.returncode == 1
    assert f"{path}: nothing imported, 1 problem(s):" in failed.stderr
    assert "row 8, Recipient ISO-3: 'MYSX' is not a country" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert run("export", "records", "--db", db).stdout.count("\n") <= 1


def test_the_records_format_refuses_an_aiddata_file(tmp_path):
    failed = run("import", SAMPLE, "--format", "records", "--db", tmp_path / "cli.db")
    assert failed.returncode == 1
    assert "unknown column" in failed.stderr

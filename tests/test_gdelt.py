"""Importing GDELT events files: real rows of a GDELT 2.0 export and a 1.0 daily file."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bilateral.db import batches, gdelt, parties, reference
from bilateral.db import records as rec
from bilateral.db.csv_rows import ImportFailed

DATA = Path(__file__).parent / "data"
V2 = DATA / "gdelt-2.0-sample.export.CSV"  # 56 real rows of 20191024143000.export.CSV
V2_ZIP = DATA / "gdelt-2.0-sample.export.CSV.zip"
V1 = DATA / "gdelt-1.0-sample.export.CSV"  # 24 real rows: 58 columns, then 57
COMMAND = [
    sys.executable,
    "-c",
    "import sys; from bilateral.cli.main import main; sys.exit(main())",
]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=120)


def uids(db) -> list[str]:
    return [uid for (uid,) in db.execute("SELECT uid FROM records ORDER BY uid")]


def test_real_rows_map_field_by_field(empty_db):
    result = gdelt.import_gdelt(empty_db, V2)
    assert result.report.committed and result.report.added == 30
    visit = rec.record_by_uid(empty_db, "gdelt-881991284")
    assert (visit.actor, visit.partner, visit.direction) == ("CHN", "BRA", "one-way")
    assert (visit.date, visit.cameo_code, visit.quad_class, visit.goldstein) == (
        "2019-10-24",
        "043",  # the leading zero kept
        1,
        2.8,
    )
    assert visit.kind == "visit" and visit.title == "Host a visit: CHINA → BRAZIL"
    assert visit.location == "Beijing, Beijing, China"
    assert "6 mentions in 1 source and 2 articles" in visit.summary
    [source] = visit.sources
    assert source.url == (
        "https://www.plenglish.com/index.php?o=rn&id=48254"
        "&SEO=brazils-president-carries-out-first-official-visit-to-china"
    )
    assert (source.publisher, source.published) == ("www.plenglish.com", "2019-10-24")

    yielded = rec.record_by_uid(empty_db, "gdelt-881992233")
    assert (yielded.actor, yielded.partner, yielded.cameo_code) == ("MYS", "CHN", "0831")
    assert (yielded.quad_class, yielded.goldstein, yielded.kind) == (2, 5.0, "agreement")
    assert yielded.location == "Hong Kong"

    assault = rec.record_by_uid(empty_db, "gdelt-881991306")
    assert (assault.actor, assault.partner, assault.cameo_code) == ("CHN", "GBR", "182")
    assert (assault.quad_class, assault.goldstein, assault.kind) == (4, -9.5, "dispute")
    assert assault.sources[0].url.startswith("https://www.elpasotimes.com/story/news/world/")

    # SQLDATE is when the event happened, not when GDELT read of it (DATEADDED).
    earlier = rec.record_by_uid(empty_db, "gdelt-881990861")
    assert (earlier.date, earlier.cameo_code, earlier.kind) == ("2019-09-24", "036", "statement")


def test_only_events_between_two_states_are_kept_and_the_rest_counted(empty_db):
    result = gdelt.import_gdelt(empty_db, V2)
    assert (result.events, result.kept) == (56, 30)
    assert result.skipped == {
        gdelt.MISSING: 18,
        gdelt.SAME: 4,
        gdelt.REGION: 4,  # AFR, CAMEO's "Africa"
    }
    assert dict(result.regions) == {"AFR": 4}
    assert result.skip_summary() == (
        "skipped 26: 18 with one actor's country missing, 4 with a region or group for a"
        " country (AFR), 4 within one country"
    )
    sides = list(empty_db.execute("SELECT actor, partner FROM records"))
    assert len(sides) == 30 and all(a != p for a, p in sides)
    assert "AFR" not in {code for side in sides for code in side}


def test_cameo_country_codes_map_to_iso_and_regions_to_none():
    codes = gdelt.country_codes()
    assert len(codes) == 261  # GDELT's CAMEO.country.txt, every line
    assert (codes["CHN"], codes["CUB"], codes["ROM"], codes["TMP"], codes["MTN"]) == (
        "CHN",
        "CUB",
        "ROU",
        "TLS",
        "MNE",
    )
    assert codes["AFR"] == codes["EUR"] == codes["WST"] == ""
    assert all(reference.is_country(iso) for iso in codes.values() if iso)


def test_a_region_the_database_has_as_a_party_is_kept(empty_db):
    parties.add_party(empty_db, "AFR", "Africa as GDELT codes it", "other")
    result = gdelt.import_gdelt(empty_db, V2)
    assert result.kept == 34 and gdelt.REGION not in result.skipped
    assert rec.record_by_uid(empty_db, "gdelt-881991076").actor == "AFR"


def test_pair_keeps_only_that_pair(empty_db):
    result = gdelt.import_gdelt(empty_db, V2, pair="BRA-CHN")
    assert result.kept == 13 and result.skipped[gdelt.OUTSIDE] == 17
    pairs = {pair for (pair,) in empty_db.execute("SELECT pair FROM records")}
    assert pairs == {"BRA-CHN"} and result.report.added == 13


def test_group_day_folds_the_same_pair_day_and_root(empty_db):
    result = gdelt.import_gdelt(empty_db, V2, group="day")
    assert result.kept == 30 and result.report.added == 11
    visits = rec.record_by_uid(empty_db, "gdelt-BRA-CHN-2019-10-24-04")
    # 6 rows BRA → CHN and 6 CHN → BRA, 042 and 043: one happening, reported 12 times.
    assert visits.direction == "mutual"
    assert visits.summary.startswith("12 GDELT events of BRA-CHN on 2019-10-24 under CAMEO root 04")
    assert "58 mentions in all" in visits.summary
    # The most mentioned event (28 mentions) stands for the day.
    assert "GDELT event 881991178" in visits.summary and visits.cameo_code == "042"
    assert (visits.actor, visits.partner, visits.kind, visits.goldstein) == (
        "BRA",
        "CHN",
        "visit",
        1.9,
    )
    assert 1 <= len(visits.sources) <= gdelt.SHOWN_URLS
    # A day's other root codes and other days stay apart.
    assert "gdelt-BRA-CHN-2019-09-24-03" in uids(empty_db)
    assault = rec.record_by_uid(empty_db, "gdelt-CHN-GBR-2019-10-24-18")
    assert assault.summary.startswith("3 GDELT events") and assault.quad_class == 4


def test_zipped_export_imports_as_the_plain_one(empty_db, tmp_path):
    from bilateral.db.store import open_database

    gdelt.import_gdelt(empty_db, V2_ZIP)
    other = open_database(tmp_path / "plain.db")
    gdelt.import_gdelt(other, V2)
    shown = "SELECT uid, actor, partner, kind, date, title, cameo_code, goldstein FROM records"
    assert list(empty_db.execute(shown + " ORDER BY uid")) == list(
        other.execute(shown + " ORDER BY uid")
    )
    with zipfile.ZipFile(V2_ZIP) as archive:
        assert archive.read(V2.name) == V2.read_bytes()  # the zip holds the fixture as it is
    other.close()


@pytest.mark.parametrize("group", gdelt.GROUPS)
def test_importing_again_adds_nothing(empty_db, group):
    first = gdelt.import_gdelt(empty_db, V2, group=group)
    again = gdelt.import_gdelt(empty_db, V2_ZIP, group=group)
    assert again.report.added == 0 and again.report.updated == 0
    assert again.report.unchanged == first.report.added
    assert len(uids(empty_db)) == first.report.added
    assert [b.added for b in batches.list_batches(empty_db)] == [
        0,
        first.report.added,
    ]  # newest first


def test_a_malformed_line_names_its_number_and_imports_nothing(empty_db, tmp_path):
    lines = V2.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = "\t".join(lines[6].split("\t")[:40]) + "\n"  # cut short, as by a broken download
    broken = tmp_path / "broken.export.CSV"
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        gdelt.import_gdelt(empty_db, broken)
    [problem] = failed.value.report.problems
    assert problem.row == 7 and "has 40 tab-separated columns, not the 61" in problem.reason
    assert uids(empty_db) == [] and batches.list_batches(empty_db) == []


def test_a_line_that_is_not_utf8_is_refused(empty_db, tmp_path):
    data = V2.read_bytes().split(b"\n")
    data[2] = data[2].replace(b"CHINA", b"CH\xffNA")
    broken = tmp_path / "latin.export.CSV"
    broken.write_bytes(b"\n".join(data))
    with pytest.raises(ImportFailed) as failed:
        gdelt.import_gdelt(empty_db, broken)
    assert "is not UTF-8" in failed.value.report.problems[0].reason
    assert uids(empty_db) == []


def test_gdelt_1_0_daily_rows(empty_db):
    result = gdelt.import_gdelt(empty_db, V1)
    assert (result.events, result.kept, result.report.added) == (24, 8, 8)
    assert result.skipped == {gdelt.MISSING: 14, gdelt.SAME: 2}
    accused = rec.record_by_uid(empty_db, "gdelt-564111714")  # 58 columns: with SOURCEURL
    assert (accused.actor, accused.partner, accused.date) == ("CHN", "USA", "2016-07-27")
    assert (accused.cameo_code, accused.quad_class, accused.goldstein) == ("112", 3, -2.0)
    assert accused.kind == "allegation" and accused.location == "United States"
    assert accused.sources[0].url.startswith("http://www.morningstaronline.co.uk/")
    old = rec.record_by_uid(empty_db, "gdelt-1552839")  # 57 columns: before SOURCEURL
    assert (old.actor, old.partner, old.date, old.cameo_code) == (
        "CAN",
        "POL",
        "1982-01-02",
        "1312",
    )
    assert (old.quad_class, old.goldstein, old.kind, old.sources) == (3, -5.8, "dispute", [])


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("010", "statement"),
        ("036", "statement"),
        ("040", "meeting"),
        ("042", "visit"),
        ("0431", "visit"),
        ("057", "agreement"),
        ("061", "trade"),
        ("062", "security"),
        ("071", "aid"),
        ("0831", "agreement"),
        ("090", "allegation"),
        ("112", "allegation"),
        ("1121", "allegation"),
        ("111", "dispute"),
        ("190", "dispute"),
        ("204", "dispute"),
    ],
)
def test_kind_from_cameo_code(code, kind):
    assert gdelt.kind_of(code) == kind


def test_cli_imports_and_reports_what_it_skipped(db_path):
    result = run("import", "--db", db_path, "--format", "gdelt", V2_ZIP, "--pair", "Brazil, China")
    assert result.returncode == 0, result.stderr
    assert "Added 13, updated 0" in result.stdout
    assert (
        "Read 56 GDELT events, kept 13; skipped 43: 18 with one actor's country missing, "
        "17 outside --pair" in result.stdout
    )
    result = run("import", "--db", db_path, "--format", "gdelt", V2, "--group", "day")
    assert result.returncode == 0 and "Added 11, updated 0" in result.stdout


def test_cli_exit_codes_for_bad_input(db_path, tmp_path):
    broken = tmp_path / "short.export.CSV"
    broken.write_text("881991284\t20191024\tCHN\n", encoding="utf-8")
    result = run("import", "--db", db_path, "--format", "gdelt", broken)
    assert (
        result.returncode == 1 and "row 1" in result.stderr and "nothing imported" in result.stderr
    )
    assert "Traceback" not in result.stderr
    result = run("import", "--db", db_path, "--format", "gdelt", V2, "--pair", "CHN-XXX")
    assert result.returncode != 0 and "'XXX' is not a country" in result.stderr
    records = tmp_path / "records.csv"
    records.write_text("actor,partner,kind,date,title\nCHN,BRA,visit,2024,A visit\n")
    result = run("import", "--db", db_path, records, "--pair", "CHN-BRA")
    assert result.returncode != 0 and "--pair and --group are for --format gdelt" in result.stderr
    # Without --format a GDELT file is told by its content.
    result = run("import", "--db", db_path, V2, "--pair", "CHN-BRA")
    assert result.returncode == 0 and "GDELT events" in result.stdout
    result = run("import", "--db", db_path, "--format", "gdelt", V2, "--on-duplicate", "skip")
    assert result.returncode != 0 and "merges on uid" in result.stderr
    result = run("import", "--db", db_path, "--format", "gdelt", tmp_path / "none.CSV")
    assert result.returncode != 0 and "is not a file" in result.stderr


def test_a_database_from_before_goldstein_gains_the_column(db_path):
    import sqlite3

    from bilateral.db.store import open_database

    with sqlite3.connect(db_path) as conn:  # as made before m013
        conn.execute("ALTER TABLE records DROP COLUMN goldstein")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_goldstein'")
    db = open_database(db_path)
    assert "goldstein" in {c.name for c in db["records"].columns}
    gdelt.import_gdelt(db, V2)
    assert rec.record_by_uid(db, "gdelt-881991306").goldstein == -9.5
    db.close()

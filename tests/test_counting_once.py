"""Links make a summary count once: chains of stages, parts of a trip, duplicates, claims."""

from __future__ import annotations

from test_cli import run

from bilateral.db import counting, money_flows, timeline
from bilateral.db.connection import connect
from bilateral.db.csvfile import import_records
from bilateral.db.query import Filter
from bilateral.db.summary import summarize

HEADER = "uid,actor,partner,kind,date,title,amount,currency,amount_usd,usd_basis,status,claim_status,claimed_by,links\n"


def _import(db, tmp_path, body: str):
    path = tmp_path / "records.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return import_records(db, path)


def _money(db, by="year"):
    return {
        (r.period, r.kind, r.actor): (r.records, r.amount_usd, r.uncounted_usd)
        for r in summarize(db, by)
    }


def test_a_chain_imported_from_csv_counts_its_money_once_at_the_signing(tmp_path):
    path = tmp_path / "chain.csv"
    path.write_text(
        HEADER
        + "pledge,CHN,CUB,loan,2019,Loan pledged,50000000,USD,,,pledged,,,\n"
        + "signing,CHN,CUB,loan,2020,Loan signed,50000000,USD,,,signed,,,fulfils | pledge\n",
        encoding="utf-8",
    )
    db_file = tmp_path / "t.db"
    assert run("import", str(path), "--db", db_file).returncode == 0
    out = run("export", "summary", "--db", db_file, "--by", "year").stdout.splitlines()
    assert out[1:] == [
        "CHN-CUB,2019,loan,CHN,CUB,one-way,1,0,0,0,0,2019,2019",
        "CHN-CUB,2020,loan,CHN,CUB,one-way,1,0,0,50000000,0,2020,2020",
    ]


def test_the_most_advanced_stage_not_cancelled_counts_the_money(empty_db, tmp_path):
    _import(
        empty_db,
        tmp_path,
        "p,CHN,CUB,loan,2019,Pledged,50,USD,,,pledged,,,\n"
        "s,CHN,CUB,loan,2020,Signed,40,USD,,,signed,,,fulfils | p\n"
        "d,CHN,CUB,loan,2021,Disbursed,30,USD,,,completed,,,fulfils | s\n"
        "c,CHN,CUB,loan,2022,Cancelled,30,USD,,,cancelled,,,fulfils | d\n",
    )
    money = _money(empty_db)
    assert money[("2021", "loan", "CHN")] == (1, 30, 0)
    assert [money[(year, "loan", "CHN")][1:] for year in ("2019", "2020", "2022")] == [
        (0, 0),
        (0, 0),
        (0, 0),
    ]


def test_a_stage_without_an_amount_leaves_the_money_where_it_is_stated(empty_db, tmp_path):
    _import(
        empty_db,
        tmp_path,
        "p,CHN,CUB,aid,2019,Pledged,,,,,pledged,,,\n"
        "s,CHN,CUB,aid,2020,Signed,20,USD,,,signed,,,fulfils | p\n"
        "d,CHN,CUB,aid,2021,Completed,,,,,completed,,,fulfils | s\n",
    )
    assert _money(empty_db)[("2020", "aid", "CHN")] == (1, 20, 0)


def test_parts_of_a_trip_of_its_own_kind_are_counted_in_it(empty_db, tmp_path):
    _import(
        empty_db,
        tmp_path,
        "trip,CUB,CHN,visit,2023-11,Trip,,,,,completed,,,\n"
        "a,CUB,CHN,visit,2023-11-04,Stop in Shanghai,,,,,completed,,,part-of | trip\n"
        "b,CUB,CHN,meeting,2023-11-06,Meeting in Beijing,,,,,completed,,,part-of | trip\n",
    )
    counts = {(r.kind, r.records) for r in summarize(empty_db, "all")}
    assert counts == {("visit", 1), ("meeting", 1)}
    activity = {(r.kind, r.records) for r in timeline.activity(empty_db, "month")}
    assert activity == {("visit", 1), ("meeting", 1)}


def test_records_of_one_event_count_once(empty_db, tmp_path):
    _import(
        empty_db,
        tmp_path,
        "one,CHN,CUB,aid,2020,Aid (first import),10,USD,,,completed,,,\n"
        "two,CHN,CUB,aid,2020,Aid (second import),10,USD,,,completed,,,same-as | one\n"
        "old,CHN,CUB,aid,2021,Aid misdated,10,USD,,,completed,,,\n"
        "new,CHN,CUB,aid,2020-03,Aid corrected,12,USD,,,completed,,,supersedes | old\n",
    )
    assert _money(empty_db, "all") == {("all", "aid", "CHN"): (2, 22, 0)}


def test_a_claim_denied_by_a_record_is_disputed_and_confirmed_by_one_is_counted(empty_db, tmp_path):
    _import(
        empty_db,
        tmp_path,
        "base,CHN,CUB,security,2023-06,Report of a base,,,,,expected,claimed,A newspaper,\n"
        "no,CUB,CHN,statement,2023-06,Denial,,,,,completed,,,denies | base\n"
        "loan,CHN,CUB,loan,2020,Reported loan,5,USD,,,signed,claimed,A newspaper,\n"
        "yes,CHN,CUB,statement,2021,Loan confirmed,,,,,completed,,,confirms | loan\n",
    )
    rows = {r.kind: (r.records, r.claimed, r.disputed, r.amount_usd) for r in summarize(empty_db)}
    assert rows["security"] == (0, 0, 1, 0)
    assert rows["loan"] == (1, 0, 0, 5)
    steps = money_flows.money_steps(empty_db)
    assert [(s.date, s.usd, s.records) for s in steps] == [("2020", 5, 1)]


def test_a_claim_status_set_by_hand_is_kept(empty_db, tmp_path):
    _import(
        empty_db,
        tmp_path,
        "base,CHN,CUB,security,2023-06,Report,,,,,expected,retracted,A newspaper,\n"
        "no,CUB,CHN,statement,2023-06,Denial,,,,,completed,,,denies | base\n",
    )
    assert {r.kind for r in summarize(empty_db)} == {"statement"}


def test_the_timeline_money_follows_the_chain(seeded_db):
    steps = money_flows.money_steps(seeded_db, Filter(pair="CHN-CUB"))
    assert [(s.flow, s.date, s.usd, s.records) for s in steps] == [
        ("CHN → CUB", "2023-01", 100_000_000, 1)
    ]


def test_only_records_links_touch_are_corrected(seeded_db):
    found = counting.adjustments(seeded_db)
    uids = dict(seeded_db.conn.execute("SELECT id, uid FROM records"))
    assert {uids[i]: a for i, a in found.items()} == {
        "seed-chn-cub-donation-2022": counting.Adjustment(no_money=True),
        "seed-chn-cub-spy-base-report-2023": counting.Adjustment(claim_status="disputed"),
    }


def test_a_summary_of_a_file_opened_read_only_counts_the_same(seeded_path):
    db = connect(seeded_path, readonly=True)
    assert _money(db)[("2023", "aid", "CHN")] == (1, 100_000_000, 0)


def test_a_chain_cancelled_at_every_stage_keeps_its_money_apart_once(empty_db, tmp_path):
    _import(
        empty_db,
        tmp_path,
        "p,CHN,CUB,loan,2019,Pledge withdrawn,50,USD,,,cancelled,,,\n"
        "s,CHN,CUB,loan,2020,Signing annulled,50,USD,,,cancelled,,,fulfils | p\n",
    )
    assert _money(empty_db, "all") == {("all", "loan", "CHN"): (2, 0, 50)}

"""For any graph of links, the summary SQLite totals and corrects equals a record-by-record count."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilateral.db import counting, csvfile
from bilateral.db.schema import CLAIM_STATUSES, RELATIONS, STATUSES
from bilateral.db.store import open_database
from bilateral.db.summary import summarize

HEADER = "uid,actor,partner,direction,kind,date,title,amount,currency,amount_usd,usd_basis,status,claim_status,links\n"
CHAINS = ("part-of", "fulfils")


@st.composite
def records(draw) -> list[str]:
    """CSV rows of 1-10 records of three kinds, two years and both directions, with money,
    stages, claims and any links (part-of and fulfils only to earlier rows: no cycle)."""
    size = draw(st.integers(min_value=1, max_value=10))
    rows = []
    for index in range(size):
        targets = []
        for relation in draw(st.lists(st.sampled_from(RELATIONS), max_size=3)):
            allowed = [
                n for n in range(size) if n != index and (relation not in CHAINS or n < index)
            ]
            if allowed:
                link = f"{relation} | r{draw(st.sampled_from(allowed))}"
                if link not in targets:
                    targets.append(link)
        actor, partner = draw(st.sampled_from([("CHN", "CUB"), ("CUB", "CHN")]))
        direction = draw(st.sampled_from(["one-way", "mutual"]))
        kind = draw(st.sampled_from(["visit", "meeting", "aid"]))
        year = draw(st.sampled_from(["2020", "2021"]))
        usd = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=9)))
        money = f"{usd},USD,{usd},source" if usd else ",,,"
        status = draw(st.sampled_from(STATUSES))
        claim = draw(st.sampled_from(CLAIM_STATUSES))
        rows.append(
            f"r{index},{actor},{partner},{direction},{kind},{year},Record {index},{money},"
            f"{status},{claim},{'; '.join(targets)}"
        )
    return rows


def _by_hand(db) -> dict[tuple, tuple]:
    """Each record's share, with its links, added up per row of the summary."""
    found = counting.adjustments(db)
    totals: dict[tuple, list] = defaultdict(lambda: [0, 0, 0, 0.0, 0.0])
    sql = "SELECT id, pair, kind, actor, partner, direction, status, claim_status, amount_usd FROM records"
    for record_id, pair, kind, actor, partner, direction, status, claim, usd in db.conn.execute(
        sql
    ):
        if direction == "mutual":
            actor, partner = pair.split("-")
        share = counting.share(status, claim, usd, found.get(record_id))
        row = totals[(pair, kind, actor, partner, direction)]
        for field in range(5):
            row[field] += share[field]
    return {key: tuple(values) for key, values in totals.items() if any(values)}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=records())
def test_the_summary_equals_the_shares_of_its_records(rows, tmp_path_factory):
    folder = tmp_path_factory.mktemp("counting")
    (folder / "records.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    db = open_database(folder / "t.db")
    csvfile.import_records(db, folder / "records.csv")
    summary = {
        (r.pair, r.kind, r.actor, r.partner, r.direction): (
            r.records,
            r.claimed,
            r.disputed,
            r.amount_usd,
            r.uncounted_usd,
        )
        for r in summarize(db, "all")
    }
    assert summary == _by_hand(db)
    # Along a chain of stages, one record at most keeps its money.
    found = counting.adjustments(db)
    groups = counting.Groups()
    for source, target in db.conn.execute(
        "SELECT l.record_id, t.id FROM links l JOIN records t ON t.uid = l.target_uid "
        "WHERE l.relation = 'fulfils'"
    ):
        groups.join(source, target)
    priced = {
        record_id
        for record_id, status, claim, usd in db.conn.execute(
            "SELECT id, status, claim_status, amount_usd FROM records"
        )
        if sum(counting.share(status, claim, usd, found.get(record_id))[3:5]) > 0
    }
    for chain in groups.groups():
        assert len(priced.intersection(chain)) <= 1
    db.close()

"""For any run of imports, edits, deletes and kind renames, the kept totals equal a fresh count.

The summary reads ``summary_totals`` (db.totals) when it groups every pair; this test
compares the table, row for row, with the same totals computed afresh from the records,
and the summary it gives with the summary of the plain query, links and all.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bilateral.db import (
    csvfile,
    kind_changes,
    kinds,
    parties,
    records,
    timeline,
    totals,
    totals_read,
)
from bilateral.db.csv_export import export_summary_lines
from bilateral.db.csv_rows import ImportFailed
from bilateral.db.periods import PERIODS
from bilateral.db.query import Filter
from bilateral.db.schema import CLAIM_STATUSES, RELATIONS, STATUSES
from bilateral.db.store import open_database
from bilateral.db.summary import SUMMARY_COLUMNS, summarize, summary_cells_of, summary_lines

HEADER = (
    "uid,actor,partner,direction,kind,date,end_date,title,amount,currency,amount_usd,"
    "usd_basis,status,claim_status,links\n"
)
CHAINS = ("part-of", "fulfils")
DATES = ("2020", "2020-03", "2020-03-15", "2020-11-30", "2021", "2021-07", "2021-07-01")
# Dollars with cents that floats cannot hold exactly, and halves of a cent.
# 90000000000000.01: past 4.5 * 10^13 dollars doubles lie farther apart than a cent, and
# the shortest repr of a sum is no longer its digits in cents.
MONEY = (None, 1, 0.1, 0.2, 0.3, 1.005, 2.675, 1_000_000.01, 12.345, 90_000_000_000_000.01)
PAIRS = (("CHN", "CUB"), ("CUB", "CHN"), ("CHN", "RUS"), ("RUS", "CUB"))
# A kind a spreadsheet would run, which the summary CSV neutralises, and one it quotes.
HOSTILE = ("=sum(a1)", 'a, "b"')
KINDS = ("visit", "meeting", "aid", "talks", *HOSTILE)


@st.composite
def rows(draw, first: int, size: int, stored: list[int], talks: str = "talks") -> list[str]:
    """CSV rows for uids r{first}… (or, now and then, one of the ``stored`` uids: an
    update), with links to stored or earlier uids (part-of and fulfils only to lower
    uids: no cycle)."""
    lines = []
    known = list(stored)
    for index in range(first, first + size):
        uid = index
        free = [n for n in stored if n not in known[len(stored) :]]  # each uid once a file
        if free and draw(st.booleans()):
            uid = draw(st.sampled_from(free))
        targets = []
        for relation in draw(st.lists(st.sampled_from(RELATIONS), max_size=2)):
            allowed = [n for n in known if n != uid and (relation not in CHAINS or n < uid)]
            if allowed:
                link = f"{relation} | r{draw(st.sampled_from(allowed))}"
                if link not in targets:
                    targets.append(link)
        actor, partner = draw(st.sampled_from(PAIRS))
        usd = draw(st.sampled_from(MONEY))
        money = f"{usd},USD,{usd},source" if usd else ",,,"
        date = draw(st.sampled_from(DATES))
        end = draw(st.sampled_from(("", "2022-01-01"))) if len(date) == 10 else ""
        lines.append(
            f"r{uid},{actor},{partner},{draw(st.sampled_from(['one-way', 'mutual']))},"
            f"{_cell(draw(st.sampled_from(KINDS)).replace('talks', talks))},{date},{end},Record {index},{money},"
            f"{draw(st.sampled_from(STATUSES))},{draw(st.sampled_from(CLAIM_STATUSES))},"
            f"{'; '.join(targets)}"
        )
        known.append(uid)
    return lines


def _cell(text: str) -> str:
    """``text`` as a CSV cell."""
    return '"' + text.replace('"', '""') + '"' if "," in text or '"' in text else text


EDITS = st.fixed_dictionaries(
    {},
    optional={
        "date": st.sampled_from(DATES),
        "end_date": st.sampled_from(["", "2021-12-31", "2022-01-01", "2023-06-30"]),
        "kind": st.sampled_from(KINDS),
        "status": st.sampled_from(STATUSES),
        "claim_status": st.sampled_from(CLAIM_STATUSES),
        "direction": st.sampled_from(["one-way", "mutual"]),
        "actor": st.sampled_from(["CHN", "RUS"]),
        "amount": st.sampled_from(MONEY[1:]),
    },
)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(min_value=0, max_value=30), EDITS),
        st.tuples(st.just("delete"), st.integers(min_value=0, max_value=30)),
        st.tuples(st.just("import"), st.integers(min_value=1, max_value=6)),
        st.tuples(st.just("import"), st.integers(min_value=1, max_value=6)),
        st.tuples(st.just("rename")),
    ),
    max_size=8,
)


def _import(db, folder, lines: list[str], note=event) -> None:
    path = folder / "records.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    try:
        report = csvfile.import_records(db, path, on_duplicate="update", on_conflict="file")
    except ImportFailed as failed:
        note(f"import refused: {str(failed)[:70]}")
        return  # a row refused (a link to a record deleted since, say): nothing is written
    note(f"import: {'updates' if report.updated + report.conflicts_taken else 'adds only'}")


def _fresh(db) -> list[tuple]:
    """The totals as a new file would compute them from its records."""
    found = []
    for grain in totals.GRAINS:
        found += db.conn.execute(totals._sums(grain, "1")).fetchall()
    # Cents are kept as REAL: a sum of whole numbers reads back as an int here.
    return sorted((*row[:9], float(row[9]), float(row[10]), *row[11:]) for row in found)


def _kept(db) -> list[tuple]:
    kept = db.conn.execute(f"SELECT * FROM {totals.TABLE} ORDER BY 1, 2, 3, 4, 5").fetchall()
    assert not any(row[-1] for row in kept), "a group left stale"
    return sorted(row[:-1] for row in kept)


def _check(db) -> None:
    assert _kept(db) == _fresh(db)
    # Every status named: the plain query, over the same records.
    every = list(STATUSES)
    for by in PERIODS:
        assert list(summarize(db, by)) == list(summarize(db, by, Filter(statuses=every)))
        # The CSV straight from the kept totals' SQL, byte for byte.
        assert _csv(summary_lines(db, by)) == _csv_module(summarize(db, by, Filter(statuses=every)))
    narrowed = Filter(kinds=["aid", "visit"])
    assert list(summarize(db, "year", narrowed)) == list(
        summarize(db, "year", replace(narrowed, statuses=every))
    )
    # The timeline's bars by year and its kinds' counts read the totals too.
    table = parties.table(db)
    for where in (Filter(), narrowed, Filter(pair="CHN-CUB", kinds=["aid"], parties=table)):
        assert totals_read.answers(db, where.where()[0])
        plain = replace(where, statuses=every)
        assert timeline.kind_counts(db, where) == timeline.kind_counts(db, plain)
        assert timeline.activity(db, "year", where) == timeline.activity(db, "year", plain)


def _csv(lines) -> str:
    out = io.StringIO()
    export_summary_lines(lines, out)
    return out.getvalue()


def _csv_module(rows) -> str:
    """The summary CSV as the csv module writes it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    writer.writerows(map(summary_cells_of, rows))
    return out.getvalue()


def _apply(db, folder, operation: tuple, draw) -> None:
    ids = [row[0] for row in db.conn.execute("SELECT id FROM records ORDER BY id")]
    name = operation[0]
    if name == "edit" and ids:
        record = records.get_record(db, ids[operation[1] % len(ids)])
        changes = dict(operation[2])
        if "amount" in changes:
            changes.update(currency="USD", amount_usd=changes["amount"], usd_basis="source")
        # A change the record's other fields refuse writes nothing.
        with contextlib.suppress(records.InvalidRecord):
            records.update_record(db, record.id, replace(record, **changes))
    elif name == "delete" and ids:
        records.delete_record(db, ids[operation[1] % len(ids)])
    elif name == "import":
        stored = [int(uid[1:]) for (uid,) in db.conn.execute("SELECT uid FROM records")]
        first = max(stored, default=0) + 1
        lines = rows(first=first, size=operation[1], stored=sorted(stored), talks=_talks(db))
        _import(db, folder, draw(lines))
    elif name == "rename":
        old = _talks(db)
        kind_changes.rename_kind(db, old, "talks" if old != "talks" else "peace talks")


def _talks(db) -> str:
    """The user's own kind, by its name now."""
    query = "SELECT name FROM kinds WHERE name IN ('talks', 'peace talks')"
    (name,) = db.conn.execute(query).fetchone()
    return name


@pytest.mark.filterwarnings("ignore")
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), size=st.integers(min_value=1, max_value=12), operations=OPERATIONS)
def test_the_kept_totals_equal_a_fresh_count(data, size, operations, tmp_path_factory):
    folder = tmp_path_factory.mktemp("totals")
    db = open_database(folder / "t.db")
    try:
        kinds.add_kind(db, "talks")
        for kind in HOSTILE:
            kinds.add_kind(db, kind)
        _import(db, folder, data.draw(rows(first=0, size=size, stored=[])))
        _check(db)
        for operation in operations:
            _apply(db, folder, operation, data.draw)
            _check(db)
    finally:
        db.close()


def test_the_summary_csv_from_sql_is_the_csv_module_s_to_the_byte(tmp_path):
    # Formula-like and quoted kinds, a sum whose shortest repr is not its cents
    # (90000000000000 + 0.01 reads back as ...0.02), a trip with a stop, a record in force.
    db = open_database(tmp_path / "t.db")
    try:
        for kind in HOSTILE:
            kinds.add_kind(db, kind)
        lines = [
            "r0,CHN,CUB,one-way,=sum(a1),2021,,Record 0,,,,,completed,established,",
            'r1,CHN,CUB,one-way,"a, ""b""",2021,,Record 1,,,,,completed,established,',
            "r2,CHN,RUS,one-way,aid,2021,,Big,90000000000000,USD,90000000000000,source,"
            "completed,established,",
            "r3,CHN,RUS,one-way,aid,2021,,Small,0.01,USD,0.01,source,completed,established,",
            "r4,CUB,RUS,mutual,visit,2022-03-01,,Trip,,,,,completed,established,",
            "r5,CUB,RUS,mutual,visit,2022-03-02,,Stop,,,,,completed,established,part-of | r4",
            "r6,CUB,RUS,mutual,agreement,2020-05-01,,Pact,,,,,in force,established,",
        ]
        _import(db, tmp_path, lines, note=print)
        for by in PERIODS:
            written = _csv(summary_lines(db, by))
            assert written == _csv_module(summarize(db, by, Filter(statuses=list(STATUSES))))
        year = _csv(summary_lines(db, "year"))
        assert "'=sum(a1)" in year and '"a, ""b"""' in year and "90000000000000.02" in year
        assert "CUB-RUS,2022,visit,CUB,RUS,mutual,1," in year  # the stop inside its trip
        assert "CUB-RUS,2020,agreement,CUB,RUS,mutual,1,0,0,0,0,2020-05-01,\r\n" in year
    finally:
        db.close()

"""Any graph of links survives export → import → export byte for byte, in any row order."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip_property import export

from bilateral.db import csvfile
from bilateral.db.schema import CLAIM_STATUSES, RELATIONS
from bilateral.db.store import open_database

HEADER = "uid,actor,partner,kind,date,title,claim_status,claimed_by,links\n"
# Links along these may only point back to earlier records (a chain), so no cycle forms.
CHAINS = ("part-of", "fulfils")


@st.composite
def graphs(draw) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(uid, claim status, links) for 1-8 records; any relation between any two, no self-links."""
    size = draw(st.integers(min_value=1, max_value=8))
    uids = [f"r{n}" for n in range(size)]
    nodes = []
    for index, uid in enumerate(uids):
        targets = []
        for relation in draw(st.lists(st.sampled_from(RELATIONS), max_size=4)):
            allowed = uids[:index] if relation in CHAINS else uids[:index] + uids[index + 1 :]
            if allowed:
                target = draw(st.sampled_from(allowed))
                if (relation, target) not in targets:
                    targets.append((relation, target))
        nodes.append((uid, draw(st.sampled_from(CLAIM_STATUSES)), targets))
    return nodes


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(nodes=graphs(), order=st.randoms(use_true_random=False))
def test_random_link_graphs_round_trip(nodes, order, tmp_path_factory, figures):
    folder = tmp_path_factory.mktemp("graphs")
    rows = [
        f"{uid},CHN,CUB,statement,2023,Record {uid},{claim},Someone,"
        + "; ".join(f"{relation} | {target}" for relation, target in targets)
        for uid, claim, targets in nodes
    ]
    order.shuffle(rows)  # a link may name a row further down the file
    (folder / "typed.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    first_db = open_database(folder / "first.db")
    csvfile.import_records(first_db, folder / "typed.csv")
    first = export(first_db)
    (folder / "first.csv").write_bytes(first)
    second_db = open_database(folder / "second.db")
    csvfile.import_records(second_db, folder / "first.csv")
    assert export(second_db) == first
    stored = first_db.execute("SELECT count(*) FROM links").fetchone()[0]
    assert stored == sum(len(targets) for _, _, targets in nodes)
    figures["round trip of link graphs (hypothesis)"]["links"] += stored

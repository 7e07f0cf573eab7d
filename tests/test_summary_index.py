"""The summary by year reads its groups in index order instead of sorting every record."""

from __future__ import annotations

from bilateral.db import parties
from bilateral.db.query import Filter
from bilateral.db.summary import summary_sql


def plan(db, by: str, where: Filter | None = None) -> str:
    sql, params = summary_sql(by, where)
    return " / ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_summary_by_year_walks_the_pair_year_index(seeded_db):
    assert "records_pair_year" in plan(seeded_db, "year")


def test_summary_by_year_builds_no_temporary_tree(seeded_db):
    assert "TEMP B-TREE" not in plan(seeded_db, "year")


def test_summary_of_one_pair_by_year_builds_no_temporary_tree(seeded_db):
    # The database's parties tell the filter that no record involves the pair through
    # other parties, so it stays a plain pair = ? on the index.
    where = Filter(pair="CHN-CUB", parties=parties.table(seeded_db))
    assert "TEMP B-TREE" not in plan(seeded_db, "year", where)

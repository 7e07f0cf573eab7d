"""The fast first page is the start of the full ordered listing."""

from __future__ import annotations

import pytest

from bilateral.db import listing
from bilateral.db.query import Filter, list_ids
from bilateral.db.records import Record, add_record


@pytest.mark.parametrize("sort", ["date", "title", "kind", "amount_usd"])
@pytest.mark.parametrize("descending", [False, True])
def test_first_page_is_the_start_of_the_listing(seeded_db, sort, descending):
    where = Filter(pair="CHN-CUB")
    full = list_ids(seeded_db, where, sort, descending)
    assert listing.first_ids(seeded_db, where, sort, descending, limit=5) == full[:5]


def test_a_dense_search_walks_the_date_index_and_agrees(empty_db, monkeypatch):
    monkeypatch.setattr(listing, "DENSE_MATCHES", 3)
    for n in range(20):
        add_record(
            empty_db,
            Record(
                actor="CHN",
                partner="CUB",
                kind="visit",
                date=f"20{10 + n % 7}",
                title=f"railway {n}",
            ),
        )
    where = Filter(text="railway")
    assert listing.first_ids(empty_db, where, limit=6) == list_ids(empty_db, where)[:6]

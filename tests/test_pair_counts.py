"""The pair list's counts follow a filter: each pair counts the records its view would show."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bilateral.db import parties, query
from bilateral.db.model import OtherParty, Record
from bilateral.db.records import add_record


@pytest.fixture
def three(empty_db):
    loan = Record("CHN", "CUB", "loan", "2021", "Co-financed loan")
    loan.other_parties = [OtherParty("VEN", "co-financier")]
    add_record(empty_db, loan)
    add_record(empty_db, Record("CHN", "CUB", "meeting", "2023-05", "Talks in Havana"))
    add_record(empty_db, Record("CHN", "VEN", "meeting", "2022", "Talks in Caracas"))
    return empty_db


def test_without_a_filter_every_record_counts(three):
    assert query.list_pairs(three) == [("CHN-CUB", 2), ("CHN-VEN", 2), ("CUB-VEN", 1)]
    assert query.list_pairs(three, query.Filter()) == query.list_pairs(three)


@pytest.mark.parametrize(
    ("where", "counts"),
    [
        (query.Filter(kinds=["loan"]), [1, 1, 1]),
        (query.Filter(kinds=["meeting"]), [1, 1, 0]),
        (query.Filter(since="2023"), [1, 0, 0]),
        (query.Filter(text="Caracas"), [0, 1, 0]),
        # The filter's own pair is not what the list counts by.
        (query.Filter(pair="CHN-CUB", until="2021"), [1, 1, 1]),
    ],
)
def test_counts_follow_the_filter_and_the_order_stays(three, where, counts):
    listed = query.list_pairs(three, where)
    assert [pair for pair, _ in listed] == ["CHN-CUB", "CHN-VEN", "CUB-VEN"]
    assert [n for _, n in listed] == counts
    table = parties.table(three)
    for pair, n in listed:
        # Each count is what the table shows when that pair is picked under the filter.
        assert query.count(three, replace(where, pair=pair, parties=table)) == n, pair

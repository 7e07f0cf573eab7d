"""Folding a trip's parts under it: the table's listing leaves them out, the rest counts them."""

from __future__ import annotations

from dataclasses import replace

from bilateral.db import folding, listing, query, summary
from bilateral.db.records import record_id_for_uid

TOUR = "seed-chn-cub-marrero-tour-2023"
XI_MEETING = "seed-chn-cub-xi-marrero-meeting-2023"
TOUR_PARTS = {
    "seed-chn-cub-li-qiang-meeting-2023",
    "seed-chn-cub-shanghai-agreements-2023",
    "seed-chn-cub-ciie-2023",
    XI_MEETING,
    "seed-chn-cub-hangzhou-meetings-2023",
}
# The Xi statement is part of the Xi meeting, itself part of the tour.
XI_STATEMENT = "seed-chn-cub-xi-statement-2023"
FOLD = query.Filter(fold_parts=True)


def _uids(db, ids):
    marks = ", ".join("?" * len(ids))
    return {r[0] for r in db.conn.execute(f"SELECT uid FROM records WHERE id IN ({marks})", ids)}


def _id(db, uid: str) -> int:
    record_id = record_id_for_uid(db, uid)
    assert record_id is not None
    return record_id


def test_folding_leaves_out_the_parts_of_a_shown_trip(seeded_db):
    every = query.list_ids(seeded_db)
    folded = query.list_ids(seeded_db, FOLD)
    assert len(every) == 19
    assert len(folded) == 19 - 6
    hidden = _uids(seeded_db, sorted(set(every) - set(folded)))
    assert hidden == TOUR_PARTS | {XI_STATEMENT}
    assert TOUR in _uids(seeded_db, folded)


def test_a_part_whose_trip_the_filter_leaves_out_is_shown(seeded_db):
    # The Xi meeting matches 'Xi Jinping'; the tour does not, so the meeting is not folded.
    where = query.Filter(text="Xi Jinping meets Marrero", fold_parts=True)
    shown = _uids(seeded_db, query.list_ids(seeded_db, where))
    assert XI_MEETING in shown
    assert TOUR not in shown


def test_folding_holds_in_every_sort_and_with_a_since_date(seeded_db):
    where = query.Filter(pair="CHN-CUB", since="2023-11", fold_parts=True)
    for sort in query.SORT_COLUMNS:
        for descending in (False, True):
            ids = query.list_ids(seeded_db, where, sort, descending)
            shown = _uids(seeded_db, ids)
            assert TOUR in shown
            assert not shown & (TOUR_PARTS | {XI_STATEMENT})
            # The first page, folded in SQL, agrees with the whole listing.
            assert listing.first_ids(seeded_db, where, sort, descending) == ids


def test_the_trip_counts_its_folded_parts_for_the_page_only(seeded_db):
    tour, meeting = _id(seeded_db, TOUR), _id(seeded_db, XI_MEETING)
    counts = folding.part_counts(seeded_db, [tour, meeting], FOLD)
    assert counts == {tour: 5, meeting: 1}
    # A part the filter leaves out is not folded, so not counted.
    narrow = query.Filter(kinds=["visit", "meeting"], fold_parts=True)
    assert folding.part_counts(seeded_db, [tour], narrow) == {tour: 3}
    assert folding.part_counts(seeded_db, [], FOLD) == {}


def test_folded_parts_and_their_count(seeded_db):
    tour = _id(seeded_db, TOUR)
    parts = folding.folded_parts(seeded_db, tour, FOLD)
    assert _uids(seeded_db, parts) == TOUR_PARTS
    dates = [
        seeded_db.conn.execute("SELECT date FROM records WHERE id = ?", (i,)).fetchone()[0]
        for i in parts
    ]
    assert dates == sorted(dates)
    assert query.list_result(seeded_db, FOLD)[1] == 6
    assert query.list_result(seeded_db, query.Filter(pair="BLR-CUB", fold_parts=True))[1] == 0


def test_the_summary_never_folds(seeded_db):
    plain = list(summary.summarize(seeded_db, "year", query.Filter()))
    assert list(summary.summarize(seeded_db, "year", replace(FOLD))) == plain
    assert query.count(seeded_db, FOLD) == 19

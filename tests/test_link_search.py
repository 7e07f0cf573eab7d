"""Finding the other record of a link by title or uid: a few at a time, never the whole list."""

from __future__ import annotations

from bilateral.db.links import find_records, titles

TOUR = "seed-chn-cub-marrero-tour-2023"


def test_finds_by_part_of_the_title_titles_starting_with_it_first(seeded_db):
    found = find_records(seeded_db, "marrero")
    assert found[0][1].startswith("Marrero")
    assert all("marrero" in (uid + title).lower() for uid, title, _ in found)


def test_finds_by_uid_and_leaves_out_the_record_itself(seeded_db):
    assert [uid for uid, _, _ in find_records(seeded_db, "tour-2023")] == [TOUR]
    assert find_records(seeded_db, "tour-2023", exclude=TOUR) == []


def test_reads_at_most_the_limit_and_nothing_for_empty_text(seeded_db):
    assert len(find_records(seeded_db, "a", limit=3)) == 3
    assert find_records(seeded_db, "   ") == []


def test_wildcards_typed_are_taken_literally(seeded_db):
    assert find_records(seeded_db, "%") == find_records(seeded_db, "_") == []


def test_titles_of_uids_skip_those_no_record_has(seeded_db):
    assert titles(seeded_db, [TOUR, "gone"]) == {
        TOUR: "Marrero's week-long official visit to China"
    }

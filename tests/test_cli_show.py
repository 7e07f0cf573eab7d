"""`bilateral show UID`: one record's fields, and its links both ways with the linked titles."""

from __future__ import annotations

import pytest
from test_cli import run

from bilateral.db.model import Link
from bilateral.db.records import record_by_uid, update_record
from bilateral.db.store import open_database

TOUR = "seed-chn-cub-marrero-tour-2023"
MEETING = "seed-chn-cub-li-qiang-meeting-2023"


@pytest.fixture
def linked_path(seeded_path):
    """The seed, with the Li Qiang meeting part of Marrero's tour."""
    db = open_database(seeded_path)
    meeting = record_by_uid(db, MEETING)
    meeting.links = [Link("part-of", TOUR)]
    update_record(db, meeting.id, meeting)
    db.close()
    return seeded_path


def test_show_prints_each_field_on_its_line(seeded_path):
    result = run("show", TOUR, "--db", seeded_path)
    lines = result.stdout.splitlines()
    assert (result.returncode, lines[0], "kind: visit" in lines) == (0, f"uid: {TOUR}", True)
    assert "title: Marrero's week-long official visit to China" in lines


def test_show_lists_one_item_a_line(seeded_path):
    lines = run("show", TOUR, "--db", seeded_path).stdout.splitlines()
    start = lines.index("participants:")
    assert lines[start + 1].startswith("  - Manuel Marrero")


def test_show_gives_the_links_in_both_directions_with_titles(linked_path):
    tour = run("show", TOUR, "--db", linked_path).stdout.splitlines()
    meeting = run("show", MEETING, "--db", linked_path).stdout.splitlines()
    linked_from = tour[tour.index("Linked from:") + 1]
    links_to = meeting[meeting.index("Links to:") + 1]
    assert linked_from == f"  - part-of | {MEETING} | Li Qiang meets Manuel Marrero in Shanghai"
    assert links_to == f"  - part-of | {TOUR} | Marrero's week-long official visit to China"
    assert ("Links to: none" in tour, "Linked from: none" in meeting) == (True, True)


def test_show_of_an_unknown_uid_says_so_without_a_traceback(seeded_path):
    result = run("show", "no-such-uid", "--db", seeded_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "bilateral: There is no record with uid 'no-such-uid'."
    assert result.stdout == ""


def test_show_names_itself_in_the_help(seeded_path):
    assert "bilateral show seed-" in run("--help").stdout

"""`bilateral show UID`: one record's fields, and its links both ways with the linked titles."""

from __future__ import annotations

from test_cli import run

TOUR = "seed-chn-cub-marrero-tour-2023"
MEETING = "seed-chn-cub-li-qiang-meeting-2023"


def test_show_prints_each_field_on_its_line(seeded_path):
    result = run("show", TOUR, "--db", seeded_path)
    lines = result.stdout.splitlines()
    assert (result.returncode, lines[0], "kind: visit" in lines) == (0, f"uid: {TOUR}", True)
    assert "title: Marrero's week-long official visit to China" in lines


def test_show_lists_one_item_a_line(seeded_path):
    lines = run("show", TOUR, "--db", seeded_path).stdout.splitlines()
    start = lines.index("participants:")
    assert lines[start + 1].startswith("  - Manuel Marrero")


def test_show_gives_the_links_in_both_directions_with_titles(seeded_path):
    tour = run("show", TOUR, "--db", seeded_path).stdout.splitlines()
    meeting = run("show", MEETING, "--db", seeded_path).stdout.splitlines()
    linked_from = tour[tour.index("Linked from:") + 1 :]
    links_to = meeting[meeting.index("Links to:") + 1]
    assert f"  - part-of | {MEETING} | Li Qiang meets Manuel Marrero in Shanghai" in linked_from
    assert len(linked_from) == 6  # five parts and Wang Wenbin's answer
    assert links_to == f"  - part-of | {TOUR} | Marrero's week-long official visit to China"
    assert ("Links to: none" in tour, "Linked from: none" in meeting) == (True, True)


def test_show_says_what_the_answers_make_of_a_claim(seeded_path):
    lines = run("show", "seed-chn-cub-spy-base-report-2023", "--db", seeded_path).stdout
    assert "claim_status: claimed (disputed, by the records that answer it)" in lines.splitlines()


def test_show_of_an_unknown_uid_says_so_without_a_traceback(seeded_path):
    result = run("show", "no-such-uid", "--db", seeded_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "bilateral: There is no record with uid 'no-such-uid'."
    assert result.stdout == ""


def test_show_names_itself_in_the_help(seeded_path):
    assert "bilateral show seed-" in run("--help").stdout

"""Kind colours: colour-blind safe for the built-in kinds, a user's choice kept, spares for new kinds."""

from __future__ import annotations

import itertools

import pytest
from coloraide import Color
from sqlite_utils import Database

from bilateral.cli.main import main
from bilateral.db.kind_colors import KIND_COLORS, SPARE_COLORS
from bilateral.db.kinds import BUILTIN_KINDS, DEBT_RELIEF_KIND, MEETING_KIND, add_kind, list_kinds
from bilateral.db.schema import migrations
from bilateral.db.store import open_database

# Normal vision, then full dichromacy of each kind (Brettel's simulation in coloraide).
VIEWS = (None, "deutan", "protan", "tritan")
# CIEDE2000 units: 2 is about what a trained eye tells apart side by side; bars in a
# legend and on a chart need far more.
LEAST_DIFFERENCE = 6.0


def seen(color: str, view: str | None) -> Color:
    return Color(color) if view is None else Color(color).filter(view)


def test_every_built_in_kind_has_a_colour_of_the_safe_set(empty_db):
    kinds = {k.name: k.color for k in list_kinds(empty_db) if k.builtin}
    assert kinds == KIND_COLORS


@pytest.mark.parametrize("view", VIEWS)
def test_no_two_built_in_kinds_look_alike_in_normal_or_colour_blind_vision(view):
    close = [
        (a, b, round(seen(ca, view).delta_e(seen(cb, view), method="2000"), 1))
        for (a, ca), (b, cb) in itertools.combinations(KIND_COLORS.items(), 2)
        if seen(ca, view).delta_e(seen(cb, view), method="2000") < LEAST_DIFFERENCE
    ]
    assert close == []


def test_the_colours_before_were_not_safe():
    # The test above can fail: tab10 had agreement and aid 1.9 apart for a protan viewer.
    first = {name: color for name, *_, color in (*BUILTIN_KINDS, MEETING_KIND, DEBT_RELIEF_KIND)}
    protan = seen(first["agreement"], "protan").delta_e(seen(first["aid"], "protan"), method="2000")
    assert protan < LEAST_DIFFERENCE


def test_an_older_database_gets_the_new_colours_but_keeps_the_ones_a_user_chose(tmp_path):
    old = Database(tmp_path / "v14.db")
    migrations.apply(old, stop_before="m015_kind_colors")
    old.conn.execute("UPDATE kinds SET color = '#123456' WHERE name = 'visit'")
    old.conn.execute(
        "INSERT INTO kinds (name, cameo_code, color) VALUES ('sanction', '163', '#ff7f0e')"
    )
    old.conn.commit()
    assert old.execute("SELECT color FROM kinds WHERE name = 'aid'").fetchone() == ("#ff7f0e",)
    old.close()
    db = open_database(tmp_path / "v14.db")
    colors = {k.name: k.color for k in list_kinds(db)}
    assert colors["visit"] == "#123456"  # the user's
    assert colors["sanction"] == "#ff7f0e"  # a user's kind, even in a tab10 colour
    assert colors["aid"] == KIND_COLORS["aid"]
    assert colors["meeting"] == KIND_COLORS["meeting"]
    assert colors["debt-relief"] == KIND_COLORS["debt-relief"]


def test_a_new_kind_without_a_colour_takes_a_spare_one_no_kind_has(empty_db):
    first = add_kind(empty_db, "sanction", "163", 4)
    second = add_kind(empty_db, "embargo", "163", 4)
    assert (first.color, second.color) == SPARE_COLORS[:2]
    assert {k.name: k.color for k in list_kinds(empty_db)}["embargo"] == SPARE_COLORS[1]


def test_the_command_line_adds_a_kind_in_a_spare_colour(capsys, db_path):
    assert main(["--db", str(db_path), "kinds", "--add", "sanction", "--cameo", "163"]) == 0
    assert main(["--db", str(db_path), "kinds"]) == 0
    listed = dict(line.split("\t")[::3] for line in capsys.readouterr().out.splitlines()[1:])
    assert listed["sanction"] == SPARE_COLORS[0]

"""View › Include records through memberships widens the window's pair view, as the CLI flag does."""

from __future__ import annotations

import pytest

from bilateral.db.csvfile import import_records
from bilateral.db.records import record_id_for_uid
from bilateral.desktop.shell.actions import ActionId

HEADER = "uid,actor,partner,direction,kind,date,title\n"
ROWS = (
    "eu-2016,EU,CUB,mutual,agreement,2016-12-12,EU-Cuba Political Dialogue and Cooperation Agreement\n"
    "eu-2021,EU,CUB,mutual,meeting,2021-10,EU-Cuba joint council\n"
    "uk-2019,GBR,CUB,one-way,visit,2019-05,British minister visits Havana\n"
)


@pytest.fixture
def eu_records(seeded_db, tmp_path):
    path = tmp_path / "eu.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    import_records(seeded_db, path)
    return {uid: record_id_for_uid(seeded_db, uid) for uid in ("eu-2016", "eu-2021", "uk-2019")}


def test_the_view_option_adds_the_organisations_records_of_member_years(eu_records, window, qtbot):
    window.filter_bar.set_pair("GBR-CUB")
    qtbot.waitUntil(lambda: set(window.model.ids()) == {eu_records["uk-2019"]})
    action = window.action_map[ActionId.THROUGH_MEMBERSHIP]
    assert action in window.menus["view"].actions()
    action.setChecked(True)
    # The UK was in the EU in 2016, and had left by 2021.
    qtbot.waitUntil(
        lambda: set(window.model.ids()) == {eu_records["uk-2019"], eu_records["eu-2016"]}
    )
    assert window.filter_bar.filter().through_membership is True
    action.setChecked(False)
    qtbot.waitUntil(lambda: set(window.model.ids()) == {eu_records["uk-2019"]})

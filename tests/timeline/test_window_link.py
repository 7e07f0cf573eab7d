"""The timeline inside the main window: a clicked marker selects its row, a selected row is ringed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from bilateral.desktop.common.settings import Settings
from bilateral.desktop.shell.main_window import MainWindow

DIAZ_CANEL = "seed-chn-cub-diaz-canel-visit-2022"


@pytest.fixture
def window(qtbot, seeded_db, tmp_path):
    """The main window on the seed data, with its timeline drawn."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt"))
    main = MainWindow(seeded_db, Settings())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(
        lambda: not main.timeline.is_loading() and bool(main.timeline.plots.events.rows)
    )
    yield main
    main.close()


def test_clicking_a_marker_selects_its_row(window, qtbot, uid_id):
    record_id = uid_id(DIAZ_CANEL)
    plots = window.timeline.plots
    point = plots.widget.mapFromScene(plots.scene_pos(record_id))
    qtbot.mouseClick(plots.widget.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.table.current_record_id() == record_id)


def test_selecting_a_row_rings_its_marker(window, qtbot, uid_id):
    record_id = uid_id(DIAZ_CANEL)
    window.table.select_record(record_id)
    events = window.timeline.plots.events
    qtbot.waitUntil(lambda: events.highlighted == record_id and len(events._ring.getData()[0]) == 1)
    assert events._ring.getData()[0][0] == events.position(record_id)[0]

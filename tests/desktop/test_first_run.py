"""First run and help: the welcome panel on an empty database, Getting started, About, no display."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from bilateral.db import batches
from bilateral.db.records import count_records, delete_record
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.files.imports_dialog import ImportsDialog
from bilateral.desktop.shell.actions import SPECS, ActionId
from bilateral.desktop.shell.getting_started import GettingStarted, menu_text
from bilateral.desktop.shell.main_window import MainWindow


@pytest.fixture
def empty_window(qtbot, empty_db):
    """The main window on a fresh database that holds no records."""
    main = MainWindow(empty_db, Settings())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def _welcome_shown(window) -> bool:
    return window.welcome.shown() and window.welcome.panel.isVisible()


def test_an_empty_database_shows_what_bilateral_is_for_and_three_ways_to_start(qtbot, empty_window):
    qtbot.waitUntil(lambda: _welcome_shown(empty_window))
    panel = empty_window.welcome.panel
    assert "relations between two countries" in panel.purpose.text()
    assert not empty_window.table.isVisible()
    buttons = (panel.sample_button, panel.import_button, panel.add_button)
    assert [b.text() for b in buttons] == [
        "Load the sample records",
        "Import a CSV or workbook…",
        "Add a record…",
    ]
    assert all(b.isEnabled() and b.isVisible() for b in buttons)


def test_the_seeded_window_shows_its_records_not_the_welcome(qtbot, window):
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    assert not window.welcome.shown() and window.table.isVisible()


def test_load_the_sample_imports_the_seed_undoably_and_shows_the_records(
    qtbot, empty_window, empty_db, questions
):
    qtbot.waitUntil(lambda: _welcome_shown(empty_window))
    task = empty_window.welcome.load_sample()
    qtbot.waitUntil(lambda: task.done)
    qtbot.waitUntil(lambda: not empty_window.welcome.shown())
    assert count_records(empty_db) > 0 and empty_window.table.isVisible()
    qtbot.waitUntil(lambda: empty_window.model.rowCount() > 0)
    assert "Imported china-cuba-2023.csv" in empty_window.statusBar().currentMessage()
    (batch,) = batches.list_batches(empty_db)
    assert (batch.origin, batch.added) == ("seed", count_records(empty_db))
    # File › Imports… undoes it as any import, and the welcome comes back.
    empty_window.action_map[ActionId.IMPORTS].trigger()
    dialog = empty_window.findChildren(ImportsDialog)[-1]
    questions.answer = "Undo import"
    undo = dialog.undo()
    qtbot.waitUntil(lambda: undo.done)
    assert count_records(empty_db) == 0
    qtbot.waitUntil(lambda: _welcome_shown(empty_window))


def test_the_import_and_add_buttons_run_the_window_actions(qtbot, empty_window, monkeypatch):
    ran = []
    monkeypatch.setattr(empty_window.files, "import_csv", lambda: ran.append("import"))
    monkeypatch.setattr(empty_window.editing, "add", lambda: ran.append("add"))
    panel = empty_window.welcome.panel
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert ran == ["import", "add"]


def test_deleting_every_record_brings_the_welcome_back(qtbot, window, seeded_db, answer):
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    *others, last = [row[0] for row in seeded_db.execute("SELECT id FROM records")]
    for record_id in others:
        delete_record(seeded_db, record_id)
    window.data_changed()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert not window.welcome.shown()
    window.table.select_record(last)
    window.action_map[ActionId.DELETE_RECORD].trigger()  # the last one, from the window
    answer("Delete")
    qtbot.waitUntil(lambda: _welcome_shown(window))
    window.action_map[ActionId.UNDO].trigger()
    qtbot.waitUntil(lambda: not window.welcome.shown() and window.table.isVisible())


def test_f1_opens_getting_started_with_the_declared_shortcuts(qtbot, empty_window):
    qtbot.keyClick(empty_window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(empty_window.findChildren(GettingStarted)))
    dialog = empty_window.findChildren(GettingStarted)[-1]
    text = dialog.browser.toPlainText()
    for topic in ("Records", "Pairs and parties", "Kinds", "Partial dates", "ECB", "Sources"):
        assert topic in text
    for topic in ("Links", "AidData", "GDELT", "xlsx", "Undo", "Backups"):
        assert topic in text
    actions = empty_window.action_map
    for action_id in (ActionId.ADD_RECORD, ActionId.IMPORT_CSV, ActionId.GETTING_STARTED):
        assert menu_text(action_id) in text
        assert actions[action_id].shortcut().toString() in text
    assert "F1" in text and "Ctrl+Shift+P" in text
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()


def test_the_help_menu_has_getting_started_then_about(empty_window):
    entries = [a.text() for a in empty_window.menus["help"].actions()]
    assert entries == [SPECS[ActionId.GETTING_STARTED].text, SPECS[ActionId.ABOUT].text]


def test_about_shows_the_version(qtbot, empty_window):
    empty_window.action_map[ActionId.ABOUT].trigger()
    box = empty_window.findChildren(QMessageBox)[-1]
    assert f"Bilateral {metadata.version('bilateral')}" in box.text()


def _without_display(**extra) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return {**env, **extra}


def _bilateral(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = "import sys; from bilateral.cli.main import main; sys.exit(main([]))"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )


NO_DISPLAY = (
    "no display found; use the command line (`bilateral --help`) or run under a desktop session"
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display is always there")
def test_without_a_display_bilateral_says_so_and_exits_non_zero(tmp_path):
    result = _bilateral(_without_display(BILATERAL_DB=str(tmp_path / "x.db")))
    assert result.returncode != 0
    assert result.stderr.strip() == f"bilateral: {NO_DISPLAY}"
    assert not (tmp_path / "x.db").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display is always there")
def test_a_platform_plugin_that_cannot_start_is_told_as_no_display(tmp_path):
    # QT_QPA_PLATFORM names xcb, so the check passes; with no X server Qt fails to start.
    env = _without_display(BILATERAL_DB=str(tmp_path / "x.db"), QT_QPA_PLATFORM="xcb")
    result = _bilateral(env)
    assert result.returncode == 1
    assert f"bilateral: {NO_DISPLAY}" in result.stderr.splitlines()
    assert "Aborted" not in result.stderr and "core dumped" not in result.stderr


def test_a_read_only_empty_database_offers_no_way_to_fill_it(qtbot, empty_db):
    main = MainWindow(empty_db, Settings(), read_only=True)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.welcome.shown())
    panel = main.welcome.panel
    assert not any(
        b.isEnabled() for b in (panel.sample_button, panel.import_button, panel.add_button)
    )
    assert main.welcome.load_sample() is None and count_records(empty_db) == 0
    main.close()

"""An idle window leaves the file alone: changes elsewhere come from the file system or on
activation, never from a poll, and no timer runs while the window is hidden or minimised."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication

from bilateral.db import query
from bilateral.db.records import get_record, update_record
from bilateral.db.store import open_database
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.shell.app import application
from bilateral.desktop.shell.main_window import MainWindow
from bilateral.desktop.shell.watch import DataWatch


@pytest.fixture
def own_window(qtbot, seeded_db):
    """A main window made once the application (and its collector) exists, as the app does."""
    application()
    main = MainWindow(seeded_db, Settings())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: not main.timeline.is_loading())
    yield main
    main.close()


def _rename(db, title: str) -> int:
    record_id = query.list_ids(db, query.Filter(text="espionage"))[0]
    update_record(db, record_id, replace(get_record(db, record_id), title=title))
    return record_id


def _running_timers(window) -> list[QTimer]:
    # A status message's timer ends with the message: cleared, it is gone too.
    window.statusBar().clearMessage()
    timers = QApplication.instance().findChildren(QTimer) + window.findChildren(QTimer)
    return [timer for timer in timers if timer.isActive()]


def test_the_database_its_wal_and_its_folder_are_watched(window, seeded_path):
    assert window.watch.watched() == sorted(
        [str(seeded_path), f"{seeded_path}-wal", str(seeded_path.parent)]
    )


def test_a_file_replaced_by_a_rename_is_watched_again(qtbot, db_path, tmp_path):
    db = open_database(db_path)
    watch = DataWatch(lambda: db)
    watch.start()
    seen = []
    watch.watcher.fileChanged.connect(seen.append)
    shutil.copy(db_path, tmp_path / "new.db")
    os.replace(tmp_path / "new.db", db_path)  # as an editor or a sync client saves
    qtbot.waitUntil(lambda: str(db_path) in seen)
    assert str(db_path) in watch.watcher.files()
    watch.stop()
    db.close()


def test_activating_the_window_reads_a_change_the_file_system_did_not_report(qtbot, window, other):
    window.watch.watcher.removePaths(window.watch.watched())  # a share that reports nothing
    record_id = _rename(other, "Renamed")
    qtbot.wait(window.watch.settle.interval() + 100)
    unseen = window.model.index(window.model.row_of(record_id), 2).data()
    with qtbot.waitSignal(window.watch.changedElsewhere, timeout=1000):
        QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    row = window.model.row_of(record_id)
    assert (unseen, window.model.index(row, 2).data()) != ("Renamed", "Renamed")
    assert window.model.index(row, 2).data() == "Renamed"


def test_no_timer_runs_while_the_window_is_hidden(qtbot, own_window):
    own_window.hide()
    qtbot.waitUntil(lambda: not _running_timers(own_window), timeout=3000)
    qtbot.wait(1200)  # longer than the collector's interval: nothing starts again
    assert _running_timers(own_window) == []


def test_no_timer_runs_while_the_window_is_minimised_and_collection_resumes_after(
    qtbot, own_window
):
    collector = QApplication.instance().collector
    own_window.showMinimized()
    qtbot.waitUntil(lambda: not _running_timers(own_window), timeout=3000)
    own_window.showNormal()
    assert collector.timer.isActive()


def test_a_running_task_keeps_the_collector_going_with_the_window_hidden(own_window):
    collector = QApplication.instance().collector
    own_window.hide()
    collector.hold()
    held = collector.needed(), collector.timer.isActive()
    collector.release()
    collector.tick()
    assert (held, collector.timer.isActive()) == ((True, True), False)

"""The window and its dialogs fit a 1024×768 screen, and the record dialog's buttons show."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QHeaderView

from bilateral.db.records import get_record, list_kinds
from bilateral.desktop.common import screen
from bilateral.desktop.common import settings as keys
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.files.restore_dialog import RestoreDialog
from bilateral.desktop.records.record_dialog import RecordDialog
from bilateral.desktop.records.records_model import Column
from bilateral.desktop.records.records_table import TITLE_MIN
from bilateral.desktop.shell.main_window import MainWindow

SMALL = QRect(0, 0, 1024, 768)


@pytest.fixture
def small_screen(monkeypatch):
    """Every window sizes itself as if the screen were 1024×768."""
    monkeypatch.setattr(screen, "available_geometry", lambda _widget: QRect(SMALL))


def _inside(widget) -> bool:
    return SMALL.contains(widget.geometry())


def test_main_window_fits_a_small_screen(qtbot, seeded_db, small_screen):
    main = MainWindow(seeded_db, Settings())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert main.width() <= 1024 and main.height() <= 768
    assert _inside(main)
    header = main.table.horizontalHeader()
    assert header.sectionResizeMode(Column.TITLE) == QHeaderView.ResizeMode.Stretch
    assert header.sectionSize(Column.TITLE) >= TITLE_MIN
    main.close()


def test_a_remembered_larger_size_shrinks_to_the_screen(qtbot, seeded_db, small_screen):
    settings = Settings()
    first = MainWindow(seeded_db, settings)
    qtbot.addWidget(first)
    first.resize(1800, 1200)
    first.move(600, 500)
    first.save_settings()
    first.close()
    again = MainWindow(seeded_db, settings)
    qtbot.addWidget(again)
    assert again.width() <= 1024 and again.height() <= 768
    assert _inside(again)
    again.close()


def test_a_remembered_size_that_fits_is_kept(qtbot, seeded_db, small_screen):
    settings = Settings()
    first = MainWindow(seeded_db, settings)
    qtbot.addWidget(first)
    first.resize(760, 600)
    first.save_settings()
    first.close()
    assert not settings.get(keys.GEOMETRY).isEmpty()
    again = MainWindow(seeded_db, settings)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 600)
    again.close()


def test_record_dialog_buttons_stay_on_a_small_screen(qtbot, seeded_db, small_screen):
    record = get_record(seeded_db, 1)
    dialog = RecordDialog(list_kinds(seeded_db), record, db=seeded_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= 768 and dialog.width() <= 1024
    assert _inside(dialog)
    save = dialog.save_button
    assert save.isVisible()
    bottom = save.mapTo(dialog, QPoint(0, save.height()))
    assert bottom.y() <= dialog.height()
    dialog.reject()


def test_record_form_scrolls_on_a_short_screen(qtbot, seeded_db, monkeypatch):
    monkeypatch.setattr(screen, "available_geometry", lambda _widget: QRect(0, 0, 1024, 560))
    dialog = RecordDialog(list_kinds(seeded_db), get_record(seeded_db, 1), db=seeded_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # The form, taller than the room left, scrolls instead of pushing the buttons down.
    qtbot.waitUntil(lambda: dialog.scroll.verticalScrollBar().maximum() > 0)
    save = dialog.save_button
    assert save.isVisible() and save.mapTo(dialog, QPoint(0, save.height())).y() <= 560
    dialog.reject()


def test_other_dialogs_fit_a_small_screen(qtbot, tmp_path, small_screen, monkeypatch):
    monkeypatch.setattr(screen, "available_geometry", lambda _widget: QRect(0, 0, 600, 400))
    dialog = RestoreDialog(tmp_path / "x.db", 5)
    qtbot.addWidget(dialog)
    assert dialog.width() <= 600 and dialog.height() <= 400

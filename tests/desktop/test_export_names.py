"""Save dialogs suggest a name from the view, what is saved and the day, in the folder used last."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from bilateral.desktop.common import settings as keys
from bilateral.desktop.common.file_names import suggested_name
from bilateral.desktop.common.settings import Settings
from bilateral.desktop.files.file_actions import CSV, PERIOD_CHOICES

TODAY = datetime.date.today().isoformat()


@pytest.fixture
def dialogs(monkeypatch):
    """Every save dialog's start path recorded; each answers with ``answer`` (or cancels)."""

    class Dialogs:
        started: list[str] = []
        answer = ""

    def save(_parent, _caption, start, _filters, *rest, **kwargs):
        Dialogs.started.append(start)
        return Dialogs.answer, CSV.split(";;")[0] if Dialogs.answer else ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda *a: (PERIOD_CHOICES["quarter"], True))
    )
    return Dialogs


def test_the_summary_suggests_its_pair_period_and_day_and_the_records_the_folder_used(
    qtbot, window, dialogs, tmp_path
):
    folder = tmp_path / "exports"
    folder.mkdir()
    dialogs.answer = str(folder / "mine")
    task = window.files.export_summary()
    qtbot.waitUntil(lambda: task.done)
    dialogs.answer = ""
    window.files.export_records()
    first, second = (Path(start) for start in dialogs.started)
    assert (first.name, second, (folder / "mine.csv").exists()) == (
        f"china-cuba-summary-by-quarter-{TODAY}",
        folder / f"china-cuba-records-{TODAY}",
        True,
    )


def test_the_folder_is_remembered_across_windows(qtbot, window, dialogs, tmp_path):
    dialogs.answer = str(tmp_path / "records.csv")
    task = window.files.export_records()
    qtbot.waitUntil(lambda: task.done)
    assert Settings().get(keys.LAST_FOLDER) == str(tmp_path)


def test_every_pair_and_a_copy_of_the_database_have_names_too(window, dialogs):
    window.filter_bar.set_pair("")
    window.files.export_records()
    window.files.save_copy()
    records, copy = (Path(start).name for start in dialogs.started)
    assert (records, copy) == (f"all-pairs-records-{TODAY}", f"test-copy-{TODAY}")


def test_the_timeline_image_takes_the_timelines_own_suggestion(window, dialogs):
    window.files.export_timeline()
    (start,) = dialogs.started
    assert Path(start).name == Path(window.timeline.suggested_file_name()).stem


def test_a_missing_last_folder_falls_back_to_the_home_folder(window, dialogs, tmp_path):
    window.settings.set(keys.LAST_FOLDER, str(tmp_path / "gone"))
    window.files.export_records()
    assert Path(dialogs.started[0]).parent == Path.home()


def test_the_timelines_own_export_button_starts_in_the_folder_used_last(
    window, dialogs, tmp_path, monkeypatch
):
    Settings().set(keys.LAST_FOLDER, str(tmp_path))
    toolbar = window.timeline.toolbar
    toolbar._on_export()
    assert Path(dialogs.started[0]) == tmp_path / toolbar.suggest_name()


def test_a_name_is_a_slug_of_the_names():
    day = datetime.date(2026, 12, 3)
    assert [
        suggested_name("CHN-CUB", "summary by year", ".csv", today=day),
        suggested_name("CIV-FRA", "records", "", today=day),
        suggested_name("", "records", ".xlsx", today=day),
    ] == [
        "china-cuba-summary-by-year-2026-12-03.csv",
        "cote-d-ivoire-france-records-2026-12-03",
        "all-pairs-records-2026-12-03.xlsx",
    ]

"""The window's summary export offers the CLI's periods: year, quarter, month and all."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from bilateral.desktop.files.file_actions import PERIOD_CHOICES


@pytest.fixture
def asked(monkeypatch, tmp_path):
    """The period question answered with ``answer``; the file dialog with summary.csv."""

    class Asked:
        offered: list[list[str]] = []
        answer = ("", False)

    def get_item(_parent, _title, _label, items, *rest):
        Asked.offered.append(list(items))
        return Asked.answer

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    save = staticmethod(lambda *args, **kwargs: (str(tmp_path / "summary.csv"), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    return Asked


def _periods(path) -> set[str]:
    return {row["period"] for row in csv.DictReader(path.open(encoding="utf-8-sig"))}


@pytest.mark.parametrize(
    ("by", "looks_like"),
    [
        ("quarter", lambda p: p[4:6] == "-Q" or len(p) == 4),
        ("month", lambda p: len(p) in (4, 7)),
        ("all", lambda p: p == "all"),
    ],
)
def test_the_period_chosen_is_the_summarys(qtbot, window, asked, tmp_path, by, looks_like):
    asked.answer = (PERIOD_CHOICES[by], True)
    task = window.files.export_summary()
    qtbot.waitUntil(lambda: task.done)
    assert asked.offered == [list(PERIOD_CHOICES.values())]
    periods = _periods(tmp_path / "summary.csv")
    assert periods and all(looks_like(p) for p in periods), periods
    if by == "quarter":
        assert any("-Q" in p for p in periods)
    if by == "month":
        assert any(len(p) == 7 for p in periods)


def test_year_is_first_and_the_default(qtbot, window, asked, tmp_path):
    asked.answer = (PERIOD_CHOICES["year"], True)
    task = window.files.export_summary()
    qtbot.waitUntil(lambda: task.done)
    assert list(PERIOD_CHOICES)[0] == "year"
    assert all(len(p) == 4 for p in _periods(tmp_path / "summary.csv"))


def test_cancelling_the_period_exports_nothing(window, asked, tmp_path):
    assert window.files.export_summary() is None
    assert not (tmp_path / "summary.csv").exists()

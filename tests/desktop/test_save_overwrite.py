"""A save dialog that adds a suffix asks before replacing the file it then names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from bilateral.desktop.files import file_actions

PRECIOUS = "my own notes\n"


@pytest.fixture
def typed(monkeypatch, tmp_path):
    """Make the save dialog return ``name`` (in tmp_path) as typed, with the CSV filter."""

    def choose(name: str):
        path = tmp_path / name
        monkeypatch.setattr(
            QFileDialog,
            "getSaveFileName",
            staticmethod(lambda *args, **kwargs: (str(path), file_actions.CSV.split(";;")[0])),
        )

    return choose


@pytest.fixture
def existing(tmp_path):
    path = tmp_path / "records.csv"
    path.write_text(PRECIOUS, encoding="utf-8")
    return path


def test_declining_to_replace_leaves_the_file_untouched(window, typed, existing, questions):
    typed("records")
    task = window.files.export_records()
    assert (task, existing.read_text(encoding="utf-8")) == (None, PRECIOUS)


def test_the_question_names_the_file_as_plain_text(window, typed, existing, questions):
    typed("records")
    window.files.export_records()
    (box,) = questions.boxes
    assert (box.textFormat(), "records.csv already exists" in box.text()) == (
        Qt.TextFormat.PlainText,
        True,
    )


def test_agreeing_to_replace_exports_over_the_file(qtbot, window, typed, existing, questions):
    questions.answer = "Replace"
    typed("records")
    task = window.files.export_records()
    qtbot.waitUntil(lambda: task.done)
    assert existing.read_text(encoding="utf-8").startswith("uid,")


def test_a_name_typed_with_its_suffix_is_not_asked_about_again(
    qtbot, window, typed, existing, questions
):
    typed("records.csv")  # the file dialog itself asked about this name
    task = window.files.export_records()
    qtbot.waitUntil(lambda: task.done)
    assert questions.boxes == []

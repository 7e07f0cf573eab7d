"""A title that looks like HTML is shown as typed in the table, the detail pane and the tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from bilateral.db.records import Record, add_record
from bilateral.desktop.records.records_model import Column

TITLE = "<b>x</b><img src=y>"


def _shown_in_table(window, row):
    return window.model.index(row, Column.TITLE).data(Qt.ItemDataRole.DisplayRole)


def _shown_in_detail(window, row):
    return window.detail.toPlainText().splitlines()[0]


def _shown_in_tooltip(window, row):
    document = QTextDocument()
    document.setHtml(window.model.index(row, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole))
    return document.toPlainText()


@pytest.mark.parametrize("shown", [_shown_in_table, _shown_in_detail, _shown_in_tooltip])
def test_html_in_a_title_is_shown_literally(window, seeded_db, shown):
    record_id = add_record(seeded_db, Record("CHN", "CUB", "visit", "2024-01-05", TITLE))
    window.data_changed(record_id)
    assert shown(window, window.model.row_of(record_id)) == TITLE

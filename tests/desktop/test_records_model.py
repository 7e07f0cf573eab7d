"""The record table's model holds ids and reads rows lazily, and obeys Qt's model rules."""

from __future__ import annotations

from bilateral.db import query
from bilateral.desktop.records.records_model import RecordsModel


def test_records_model_passes_qtmodeltester(qtmodeltester, seeded_db):
    model = RecordsModel(seeded_db)
    model.set_ids(query.list_ids(seeded_db))
    qtmodeltester.check(model, force_py=True)

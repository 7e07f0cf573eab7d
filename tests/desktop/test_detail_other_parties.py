"""The detail pane names a record's other parties, with their roles."""

from __future__ import annotations

from bilateral.db import parties
from bilateral.db.model import OtherParty, Record
from bilateral.desktop.records.detail import record_html


def test_the_detail_pane_names_each_other_party_and_its_role(empty_db):
    record = Record(
        actor="CHN",
        partner="CUB",
        kind="loan",
        date="2021-05",
        title="Co-financed power plant loan",
        other_parties=[OtherParty("VEN", "co-financier"), OtherParty("NDB")],
    )
    html = record_html(record, party_table=parties.table(empty_db))
    assert "Other parties" in html
    assert "Venezuela (VEN), co-financier; New Development Bank (NDB)" in html

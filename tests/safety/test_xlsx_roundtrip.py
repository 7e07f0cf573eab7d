"""Any text a workbook can hold survives export → .xlsx → import → export byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip_property import export, record_strategy

from bilateral.db import csvfile, xlsx
from bilateral.db.errors import BilateralError
from bilateral.db.model import Record
from bilateral.db.records import add_record
from bilateral.db.store import open_database
from bilateral.db.text import is_blank

# As the CSV round trip's, less the carriage return, which a workbook refuses; with
# what openpyxl would take for a formula or an error made likely.
SPICE = ";|\\\"',\n\t=+-@ #\u200f\u05e9\u0627\u0301\U0001f600\u2028"
text = st.one_of(
    st.sampled_from(["=SUM(A1)", "#N/A", "#DIV/0!", "=", "'=1", "070", "TRUE", " padded "]),
    st.text(
        alphabet=st.one_of(
            st.sampled_from(SPICE),
            st.characters(
                blacklist_categories=("Cc", "Cs"),
                blacklist_characters="\ufffe\uffff",  # refused: see the test below
                max_codepoint=0x10FFFF,
            ),
        ),
        max_size=30,
    ),
)
titled = text.filter(lambda t: t.strip() and not is_blank(t))  # as the validator reads it
amounts = st.one_of(
    st.none(),
    st.floats(min_value=0, max_value=1e13, allow_nan=False),
    st.sampled_from([0.1 + 0.2, 1e8, 123456789.12345679]),
)


records = record_strategy(text, titled, amounts, cameo_codes=("", "010", "070"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(records, min_size=1, max_size=4))
def test_export_xlsx_import_export_is_identical(batch, tmp_path_factory, figures):
    folder = tmp_path_factory.mktemp("xlsx-roundtrip")
    first_db = open_database(folder / "first.db")
    for record in batch:
        add_record(first_db, record)
    xlsx.export_records(first_db, folder / "first.xlsx")
    second_db = open_database(folder / "second.db")
    csvfile.import_records(second_db, folder / "first.xlsx")
    assert export(second_db) == export(first_db)
    first_db.close()
    second_db.close()
    figures["round trip through .xlsx (hypothesis)"]["records"] += len(batch)


def test_a_non_character_no_workbook_can_hold_is_refused_and_nothing_is_written(tmp_path):
    db = open_database(tmp_path / "r.db")
    add_record(db, Record("CHN", "CUB", "statement", "2021", "A title", location="\ufffe"))
    with pytest.raises(BilateralError, match="U\\+FFFE or U\\+FFFF.*Export as CSV"):
        xlsx.export_records(db, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
    db.close()

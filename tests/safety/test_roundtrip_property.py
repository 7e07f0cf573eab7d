"""Any Unicode a user can type survives export → import → export byte for byte."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilateral.db import csv_export, csvfile
from bilateral.db.records import Participant, Record, Source, add_record
from bilateral.db.store import open_database
from bilateral.db.text import is_blank

# Everything but the control characters validation refuses, with the separators of
# the cell encoding, quotes, RTL text, combining marks and emoji made likely.
SPICE = ";|\\\"',\n\r\t=+-@ \u200f\u05e9\u0627\u0301\U0001f600\u2028"
text = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPICE),
        st.characters(blacklist_categories=("Cc", "Cs"), max_codepoint=0x10FFFF),
    ),
    max_size=30,
)
# Titles and names that show as something: validation refuses a soft hyphen alone.
titled = text.filter(lambda t: t.strip() and not is_blank(t))


amounts = st.one_of(st.none(), st.floats(min_value=0, max_value=1e13, allow_nan=False))


def record_strategy(text, titled, amounts, cameo_codes=("",)):
    """Records of one pair whose free text, lists and amount come from these strategies."""

    @st.composite
    def records(draw) -> Record:
        amount = draw(amounts)
        return Record(
            actor="CHN",
            partner="CUB",
            kind="statement",
            date=draw(st.sampled_from(["2021", "2023-06", "2023-11-06"])),
            title=draw(titled),
            summary=draw(text),
            location=draw(text),
            sectors=draw(st.lists(titled, max_size=3)),
            participants=[
                Participant(name, "", role)
                for name, role in draw(st.lists(st.tuples(titled, text), max_size=3))
            ],
            sources=[
                Source(publisher=p, quote=q)
                for p, q in draw(st.lists(st.tuples(titled, text), max_size=2))
            ],
            amount=amount,
            currency="EUR" if amount is not None else "",
            cameo_code=draw(st.sampled_from(cameo_codes)),
        )

    return records()


records = record_strategy(text, titled, amounts)


def export(db) -> bytes:
    buffer = io.StringIO(newline="")
    csv_export.export_records(db, buffer)
    return buffer.getvalue().encode("utf-8")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(records, min_size=1, max_size=4))
def test_export_import_export_is_identical(batch, tmp_path_factory, figures):
    folder = tmp_path_factory.mktemp("roundtrip")
    first_db = open_database(folder / "first.db")
    for record in batch:
        add_record(first_db, record)
    first = export(first_db)
    (folder / "first.csv").write_bytes(first)
    second_db = open_database(folder / "second.db")
    csvfile.import_records(second_db, folder / "first.csv")
    assert export(second_db) == first
    figures["round trip (hypothesis)"]["records"] += len(batch)

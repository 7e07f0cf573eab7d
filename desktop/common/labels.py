"""How the window names a pair or a side: the party's name, not only its code."""

from __future__ import annotations

from bilateral.db import reference
from bilateral.db.parties import PartyTable


def side_label(code: str, party_table: PartyTable | None = None) -> str:
    """'Cuba' for 'CUB'; with the database's parties, 'BRICS' or 'European Union' too."""
    return party_table.name(code) if party_table is not None else reference.country_name(code)


def pair_label(pair: str, party_table: PartyTable | None = None) -> str:
    """'China – Cuba' for 'CHN-CUB'; with the database's parties, 'BRICS – Cuba' too."""
    return " – ".join(side_label(code, party_table) for code in pair.split("-"))


def flow_label(flow: str, party_table: PartyTable | None = None) -> str:
    """'China → Cuba' for the flow 'CHN → CUB', 'BRICS ↔ Cuba' for 'BRICS ↔ CUB'."""
    for arrow in (" → ", " ↔ "):
        if arrow in flow:
            return arrow.join(side_label(code, party_table) for code in flow.split(arrow))
    return flow

"""Reading country, currency and pair codes from what a person types: codes, names or 'Name (CODE)'."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from bilateral.db import countries, query
from bilateral.db.errors import BilateralError
from bilateral.db.parties import PartyTable

_LABELLED = re.compile(r"\(([A-Za-z]{3})\)\s*$")
_CODES = re.compile(r"\b[A-Z]{3}\b")  # the codes in 'Cuba (CUB)' or 'CHN-CUB · China – Cuba'


def label(code: str, names: Mapping[str, str]) -> str:
    """'China (CHN)': the form the pickers offer."""
    return f"{names[code]} ({code})" if code in names else code


def code_from_text(text: str, names: Mapping[str, str], *, country: bool = False) -> str:
    """The code meant by ``text``: a code, 'Name (CODE)' or a name; else the text as typed.

    :param country: ``names`` are the countries: every form db.countries reads counts
        too ('ru', 'Russian Federation', 'UK'). Not for currencies, where 'Switzerland'
        would become CHE, the WIR franc.

    Text that is no code is kept as typed (stripped) so that its message quotes it;
    validation.normalise puts a currency in capitals.
    """
    text = text.strip()
    match = _LABELLED.search(text)
    if match and match.group(1).upper() in names:
        return match.group(1).upper()
    if text.upper() in names:
        return text.upper()
    if country and (resolved := countries.resolve(text)):
        return resolved
    folded = text.casefold()
    for code, name in names.items():
        if name.casefold() == folded:
            return code
    return text


def pair_from_text(text: str, party_table: PartyTable | None = None) -> str | None:
    """The canonical pair meant by 'CHN-CUB', 'cuba china', 'China – Cuba' or a completer entry,
    or the one party meant by 'Cuba' or 'CUB' (its view: every record it is in).

    With the database's parties, a side may be one of them: 'CUB-BRICS', 'Cuba, BRICS'.
    """
    text = text.split("·")[0].strip()
    if not text:
        return None
    try:
        return query.parse_view(text, party_table)
    except BilateralError:
        return None


def ranked(
    entries: Iterable[str], text: str, best: str | None = None, also: Collection[str] = ()
) -> list[str]:
    """The entries that contain ``text``, best first, for a type-ahead.

    First ``best`` (the entry of what the text means: 'uk' → United Kingdom (GBR)), then
    entries that start with the text, whose code does or that are in ``also`` (those of
    other names that do: 'ivory' → Côte d'Ivoire), then those with a word that does
    ('russ' → Russia before Belarus; 'cu' → Cuba (CUB), Curaçao before Ecuador), then the
    rest, each in the given order. Accents, case and punctuation do not count.
    """
    typed = countries.fold(text)
    if not typed:
        return list(entries)
    scored = []
    for entry in entries:
        folded = countries.fold(entry)
        if entry == best:
            rank = 0
        elif (
            folded.startswith(typed)
            or entry in also
            or any(c.casefold().startswith(typed) for c in _CODES.findall(entry))
        ):
            rank = 1
        elif f" {typed}" in f" {folded}":
            rank = 2
        elif typed in folded:
            rank = 3
        else:
            continue
        scored.append((rank, entry))
    return [entry for _, entry in sorted(scored, key=lambda item: item[0])]

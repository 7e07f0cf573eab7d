"""Reading country, currency and pair codes from what a person types: codes, names or 'Name (CODE)'."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bilateral.db import query, reference
from bilateral.db.errors import BilateralError

_LABELLED = re.compile(r"\(([A-Za-z]{3})\)\s*$")


def label(code: str, names: Mapping[str, str]) -> str:
    """'China (CHN)': the form the pickers offer."""
    return f"{names[code]} ({code})" if code in names else code


def code_from_text(text: str, names: Mapping[str, str]) -> str:
    """The code meant by ``text``: a code, 'Name (CODE)' or a name; else the text in capitals."""
    text = text.strip()
    match = _LABELLED.search(text)
    if match and match.group(1).upper() in names:
        return match.group(1).upper()
    if text.upper() in names:
        return text.upper()
    folded = text.casefold()
    for code, name in names.items():
        if name.casefold() == folded:
            return code
    return text.upper()


def pair_from_text(text: str) -> str | None:
    """The canonical pair meant by 'CHN-CUB', 'cuba china', 'China – Cuba' or a completer entry."""
    text = text.split("·")[0].strip()
    if not text:
        return None
    try:
        return query.parse_pair(text)
    except BilateralError:
        pass
    names = reference.countries()
    parts = [p for p in re.split(r"\s*(?:[–—\-/,|]|\band\b)\s*", text) if p.strip()]
    if len(parts) != 2:
        parts = text.split()
    codes = [code_from_text(p, names) for p in parts]
    if len(codes) == 2 and codes[0] != codes[1] and all(c in names for c in codes):
        return "-".join(sorted(codes))
    return None

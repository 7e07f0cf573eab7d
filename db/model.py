"""What a record is: its fields, its lists and the kinds, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter

from bilateral.db import dates


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
class Link:
    """How a record relates to another, named by its uid: ('part-of', 'seed-…-tour')."""

    relation: str
    uid: str


@dataclass
class OtherParty:
    """A side beyond actor and partner (a third country at a summit, a co-financier), with
    its role when known."""

    party: str
    role: str = ""


@dataclass
class Record:
    """One interaction between two parties (countries or organisations), and maybe others."""

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
    claim_status: str = "established"
    claimed_by: str = ""
    terms_disclosed: bool = True
    sectors: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    other_parties: list[OtherParty] = field(default_factory=list)
    cameo_code: str = ""
    quad_class: int | None = None
    goldstein: float | None = None  # GDELT's Goldstein scale, -10 to 10
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


ALL_FIELDS = tuple(f.name for f in fields(Record))
TEXT_FIELDS = tuple(f.name for f in fields(Record) if f.type == "str")
text_values = attrgetter(*TEXT_FIELDS)

RECORD_COLUMNS = (
    "uid",
    "actor",
    "partner",
    "direction",
    "kind",
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
    "claim_status",
    "claimed_by",
    "terms_disclosed",
    "cameo_code",
    "quad_class",
    "goldstein",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class Kind:
    """A kind of interaction, with its CAMEO root code, quad class and colour."""

    name: str
    cameo_code: str
    quad_class: int | None
    color: str
    builtin: bool

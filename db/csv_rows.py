"""One row of a records CSV: its cells turned into a record, and the problems found on the way."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from bilateral.db import links, validation
from bilateral.db.cells import decode_items
from bilateral.db.errors import BilateralError
from bilateral.db.model import OtherParty, Participant, Record, Source
from bilateral.db.parties import PartyTable
from bilateral.db.text import nfc

MAX_REPORTED = 1000


@dataclass(frozen=True)
class RowProblem:
    """A problem in an imported file: the row (header is row 1), the column and the reason."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, {self.column or '-'}: {self.reason}"


@dataclass(frozen=True)
class Change:
    """A field a row of the file would change: an edit made outside (update) or a conflict."""

    row: int
    uid: str
    field: str
    old: str
    new: str
    kind: str  # "update" or "conflict"


@dataclass(frozen=True)
class Duplicate:
    """A row without uid that matches a record already there (or an earlier row of the file)."""

    row: int
    uid: str  # the matched record's
    title: str  # the matched record's
    earlier_row: int = 0  # the row of this file that brought the match, if one did


@dataclass
class ImportReport:
    """What an import did, or would do: counts, every problem, change and duplicate found,
    and notes on what it did."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    unchanged: int = 0
    conflicts: int = 0
    conflicts_taken: int = 0  # conflicts resolved with the file's values
    duplicate_count: int = 0
    duplicates_allowed: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0
    changes: list[Change] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    committed: bool = False
    # What was imported but deserves a word, such as a USD value left empty.
    notes: list[RowProblem] = field(default_factory=list)
    note_count: int = 0

    def problem(self, row: int, column: str, reason: str) -> None:
        """Record a problem, keeping the first MAX_REPORTED in full."""
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED:
            self.problems.append(RowProblem(row, column, reason))

    def note(self, row: int, column: str, reason: str) -> None:
        """Record a note, which does not stop the import, keeping the first MAX_REPORTED."""
        self.note_count += 1
        if len(self.notes) < MAX_REPORTED:
            self.notes.append(RowProblem(row, column, reason))

    def change(self, change: Change) -> None:
        """Record a changed field, keeping the first MAX_REPORTED."""
        if len(self.changes) < MAX_REPORTED:
            self.changes.append(change)

    def duplicate(self, duplicate: Duplicate) -> None:
        """Record a duplicate row, keeping the first MAX_REPORTED."""
        self.duplicate_count += 1
        if len(self.duplicates) < MAX_REPORTED:
            self.duplicates.append(duplicate)


@dataclass
class RowLayout:
    """The columns of a file to import, and how its rows become records-CSV cells: the
    records CSV's own as they are, unless another format (db/aiddata.py) maps its own."""

    columns: tuple[str, ...]
    required: tuple[str, ...]

    def report(self, allow_duplicates: bool) -> ImportReport:
        """A new report for an import of this layout."""
        return ImportReport(duplicates_allowed=allow_duplicates)

    def cells(self, rows: Iterable[tuple[int, dict[str, str]]]) -> Iterable[tuple[int, dict]]:
        """The (row number, records-CSV cells) of the file's (row number, cells)."""
        return rows


class ImportFailed(BilateralError):
    """An import found problems and changed nothing; ``report`` lists them."""

    def __init__(self, report: ImportReport):
        self.report = report
        shown = "; ".join(str(p) for p in report.problems[:3])
        more = report.problem_count - 3
        super().__init__(
            f"{report.problem_count} problem(s), nothing imported: {shown}"
            + (f" (and {more} more)" if more > 0 else "")
        )


def parse_amount(text: str) -> float | None:
    """Read an amount as typed (None when blank).

    :raises ValueError: saying why the text is not an amount that can be stored.
    """
    text = text.strip()
    if not text:
        return None
    if not text.isascii():  # float() would take other scripts' digits, such as '١٠'
        raise ValueError(f"{text[:40]!r} is not a number (use the digits 0-9)")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text[:40]!r} is not a number") from None
    if math.isinf(value) and not re.search(r"inf", text, re.I):
        raise ValueError(f"{text[:40]!r} is too large")
    if value == 0 and re.search(r"[1-9]", text.lower().partition("e")[0]):
        raise ValueError(f"{text[:40]!r} is too small to store (it would become 0)")
    return value


def _number(text: str, column: str, report: ImportReport, row: int) -> float | None:
    try:
        return parse_amount(text)
    except ValueError as error:
        report.problem(row, column, str(error))
        return None


_BOOLEANS = {
    "yes": True,
    "true": True,
    "1": True,
    "no": False,
    "false": False,
    "0": False,
    "": True,
}


def row_to_record(
    cells: dict[str, str],
    row: int,
    report: ImportReport,
    kinds: Collection[str] | None = None,
    parties: PartyTable | None = None,
) -> Record | None:
    """Turn a CSV row (already restored) into a normalised Record; report cell-level problems.

    The result is what ``validation.normalise`` would make of the cells, built in one go
    (list values come stripped from ``decode_items``), so the import need not copy it.
    A row with a cell-level problem gives None; with ``kinds`` (the known kind names),
    the rest of that row is validated too, so that every problem of the row is reported.
    """
    before = report.problem_count
    if not "".join(cells.values()).isascii():  # one test per row: most rows are ASCII
        cells = {**cells, **{n: nfc(c) for n, c in cells.items() if not c.isascii()}}
    get = cells.get
    amount = _number(get("amount", ""), "amount", report, row)
    amount_usd = _number(get("amount_usd", ""), "amount_usd", report, row)
    quad = _quad_class(get("quad_class", "").strip(), report, row)
    goldstein = _number(get("goldstein", ""), "goldstein", report, row)
    disclosed = _terms_disclosed(get("terms_disclosed", "").strip().lower(), report, row)
    participants, sources, linked, others = _lists(get, report, row)
    record = _record(get, amount, amount_usd, quad, disclosed, participants, sources, parties)
    record.goldstein = goldstein
    record.links = [links.normal_link(*item) for item in linked]
    record.other_parties = [
        OtherParty(validation.party_code(item[0], parties), item[1] if len(item) > 1 else "")
        for item in others
    ]
    if report.problem_count == before:
        return record
    if kinds is not None:
        # The bad cells were left empty (and bad list items replaced by blameless ones):
        # what validation finds in them was reported already, the rest was not.
        reported = _bad_cells(get, record)
        for problem in validation.validate(record, kinds, parties):
            if problem.field not in reported:
                report.problem(row, problem.field, problem.message)
    return None


def _bad_cells(get, record: Record) -> set[str]:
    """The columns whose cell was refused: filled in, yet left empty in ``record``."""
    bad = {
        column
        for column in ("amount", "amount_usd", "quad_class", "goldstein")
        if getattr(record, column) is None and get(column, "").strip()
    }
    if get("terms_disclosed", "").strip().lower() not in _BOOLEANS:
        bad.add("terms_disclosed")
    return bad


def _quad_class(text: str, report: ImportReport, row: int) -> int | None:
    if text and text not in ("1", "2", "3", "4"):
        report.problem(row, "quad_class", f"{text[:20]!r} must be 1, 2, 3 or 4")
        return None
    return int(text) if text else None


def _terms_disclosed(text: str, report: ImportReport, row: int) -> bool:
    if text not in _BOOLEANS:
        report.problem(row, "terms_disclosed", f"{text[:20]!r} must be yes or no")
        return True
    return _BOOLEANS[text]


# Each list column: its name in messages, its values, and a stand-in for a bad item
# that validation finds nothing wrong with (so that the other items keep their numbers).
_ITEMS = {
    "participants": ("participant", "name | country | role", ["-"]),
    "sources": ("source", "publisher | title | URL | published | quote", ["-"]),
    "links": ("link", "relation | uid", ["same-as", "-"]),
    "other_parties": ("party", "code | role", None),  # its code is checked as given
}


def _lists(get, report: ImportReport, row: int) -> tuple[list[list[str]], ...]:
    """The decoded participants, sources, links and other parties; an item with too many
    values is a problem."""
    participants = decode_items(get("participants", ""))
    sources = decode_items(get("sources", ""))
    linked = [
        (item + [""])[:2] if len(item) < 2 else item for item in decode_items(get("links", ""))
    ]
    others = decode_items(get("other_parties", ""))
    for column, items, width in (
        ("participants", participants, 3),
        ("sources", sources, 5),
        ("links", linked, 2),
        ("other_parties", others, 2),
    ):
        if any(len(item) > width for item in items):
            word, values, stand_in = _ITEMS[column]
            for number, item in enumerate(items, 1):
                if len(item) > width:
                    report.problem(
                        row,
                        column,
                        f"{word} {number} has {len(item)} '|'-separated values,"
                        f" not more than {width} ({values})",
                    )
                    items[number - 1] = item[:width] if stand_in is None else stand_in
    return participants, sources, linked, others


def _record(get, amount, amount_usd, quad, disclosed, participants, sources, parties) -> Record:
    """The normalised record of a row whose cells have no problem of their own."""
    people = [Participant(*item) for item in participants]
    for person in people:
        person.country = validation.country_code(person.country)
    status, claim_status = links.normal_claim(
        get("status", "") or "completed", get("claim_status", "")
    )
    return Record(
        uid=get("uid", "").strip(validation.UID_BLANKS),
        actor=validation.party_code(get("actor", "").strip(), parties),
        partner=validation.party_code(get("partner", "").strip(), parties),
        direction=validation.normal_direction(get("direction", "") or "one-way"),
        kind=get("kind", "").strip().lower(),
        date=get("date", "").strip(),
        end_date=get("end_date", "").strip(),
        title=get("title", "").strip(),
        summary=get("summary", "").strip(),
        location=get("location", "").strip(),
        amount=amount,
        currency=get("currency", "").strip().upper(),
        amount_usd=amount_usd,
        usd_basis=get("usd_basis", "").strip(),
        status=status,
        claim_status=claim_status,
        claimed_by=get("claimed_by", "").strip(),
        terms_disclosed=disclosed,
        sectors=[item[0] for item in decode_items(get("sectors", "")) if item[0]],
        participants=people,
        sources=[Source(*item) for item in sources],
        cameo_code=get("cameo_code", "").strip(),
        quad_class=quad,
        created_at=get("created_at", "").strip(),
        updated_at=get("updated_at", "").strip(),
    )

"""AidData's Global Chinese Development Finance dataset read as records: one per project."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlite_utils import Database

from bilateral.db import countries, parties
from bilateral.db.cells import encode_items
from bilateral.db.csv_rows import ImportReport, RowLayout, parse_amount
from bilateral.db.parties import PartyTable

FORMATS = ("records", "aiddata")
# The project's id: GCDF 3.0 calls it "AidData Record ID", GCDF 2.0 "AidData TUFF Project ID".
ID_COLUMNS = ("aiddata record id", "aiddata tuff project id")
REQUIRED = ("title", "status", "flow type", "commitment year")
UID_PREFIX = "aiddata-"

# AidData's column for each record field, to name it in a problem (GCDF 3.0's spelling).
FIELD_COLUMNS = {
    "uid": "AidData Record ID",
    "actor": "Financier Country",
    "partner": "Recipient ISO-3",
    "kind": "Flow Type",
    "date": "Commitment Date (MM/DD/YYYY)",
    "end_date": "Actual Completion Date (MM/DD/YYYY)",
    "title": "Title",
    "summary": "Description",
    "amount": "Amount (Original Currency)",
    "currency": "Original Currency",
    "amount_usd": "Amount (Nominal USD)",
    "usd_basis": "Amount (Nominal USD)",
    "status": "Status",
    "sectors": "Sector Name",
    "sources": "Source URLs",
    "participants": "Funding Agencies",
    "other_parties": "Co-financing Agencies",
    "terms_disclosed": "Interest Rate",
}

STATUSES = {
    "pipeline: pledge": "pledged",
    "pipeline: commitment": "signed",
    "implementation": "in force",
    "completion": "completed",
    "cancelled": "cancelled",
    "suspended": "cancelled",
}
STATUS_NAMES = (
    "Pipeline: Pledge, Pipeline: Commitment, Implementation, Completion, Cancelled, Suspended"
)
# Flow types by the words they contain, first match wins: debt relief before loans,
# since "debt rescheduling" of a loan is relief, not a new loan; export buyer's and
# seller's credits are loans.
KIND_WORDS = (
    ("debt-relief", ("debt",)),
    ("loan", ("loan", "credit")),
    ("aid", ("grant", "technical assistance", "scholarship", "training", "aid", "donation")),
    ("investment", ("equity", "investment", "joint venture")),
)
# The loan terms: any of them given means the terms are disclosed.
TERMS = ("interest rate", "maturity", "grace period")

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]00:00(?::00)?)?")
_US_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_YEAR = re.compile(r"([0-9]{4})(?:\.0*)?")
_PARENTHESES = re.compile(r"\s*\([^)]*\)\s*$")


class _AnyColumns(tuple):
    """An AidData file's columns: whatever its release has (this module reads the ones it
    maps and leaves the others), so no header name is unknown."""

    def __contains__(self, name: object) -> bool:
        return True


class AidDataReport(ImportReport):
    """An import report that names AidData's column wherever a record field went wrong."""

    def problem(self, row: int, column: str, reason: str) -> None:
        super().problem(row, FIELD_COLUMNS.get(column, column), reason)

    def note(self, row: int, column: str, reason: str) -> None:
        super().note(row, FIELD_COLUMNS.get(column, column), reason)


class AidDataLayout(RowLayout):
    """The GCDF columns, each project row turned into the records-CSV cells of one record."""

    def __init__(self, parties: PartyTable | None = None):
        super().__init__(_AnyColumns(FIELD_COLUMNS.values()), REQUIRED)
        self.parties = parties
        self.current: ImportReport = AidDataReport()

    def report(self, allow_duplicates: bool) -> ImportReport:
        self.current = AidDataReport(duplicates_allowed=allow_duplicates)
        return self.current

    def cells(self, rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[tuple[int, dict]]:
        for number, row in rows:
            cells = project_cells(number, row, self.current, self.parties)
            if cells is not None:
                yield number, cells


def layout(db: Database, path: str | Path, file_format: str | None) -> AidDataLayout | None:
    """The layout to import ``path`` with: AidData's when ``file_format`` says so, or when
    it is None and the file's header is AidData's; None for a records CSV or workbook."""
    told = file_format is None and Path(path).is_file() and is_aiddata(path)
    if file_format == "aiddata" or told:
        return AidDataLayout(parties.table(db))
    return None


def is_aiddata(path: str | Path) -> bool:
    """Whether the file's header (a CSV's first line, a workbook's first row) is AidData's."""
    return any(name in ID_COLUMNS for name in _header(Path(path)))


def _header(path: Path) -> list[str]:
    with path.open("rb") as raw:
        start = raw.read(4)
    if start.startswith(b"PK\x03\x04"):  # a workbook, whatever its name
        from openpyxl import load_workbook  # imported when a workbook is read

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # a damaged workbook: the import says what is wrong with it
            return []
        try:
            sheet = book.worksheets[0] if book.worksheets else None
            first = next(sheet.iter_rows(max_row=1, values_only=True), ()) if sheet else ()
        finally:
            book.close()
        return [str(v).strip().lower() for v in first if v is not None]
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as text:
        line = text.readline(1_000_000)
    return [name.strip().strip('"').strip().lower() for name in re.split(r"[,;\t]", line)]


def project_cells(
    number: int, row: dict[str, str], report: ImportReport, parties: PartyTable | None
) -> dict[str, str] | None:
    """The records-CSV cells of one AidData project row; None, with each problem reported
    by row and AidData column, when the row cannot become a record."""

    def get(*names: str) -> str:
        for name in names:
            if value := row.get(name, "").strip():
                return value
        return ""

    before = report.problem_count
    record_id = _whole(get(*ID_COLUMNS))
    if not record_id:
        report.problem(number, "AidData Record ID", "is empty: every project has one")
    actor = _financier(get("financier country"))
    partner = _recipient(number, get("recipient iso-3"), get("recipient"), report)
    kind = _kind(number, get("flow type"), get("flow type simplified"), report)
    status = STATUSES.get(get("status").lower())
    if status is None:
        report.problem(number, "Status", f"{get('status')[:40]!r} is not one of {STATUS_NAMES}")
    date = _commitment(number, row, report)
    end_date = _completion(number, row, report)
    amount, currency = get("amount (original currency)"), get("original currency")
    usd = get("amount (nominal usd)", "amount (nominal)")
    if not amount and usd:
        amount, currency = usd, "USD"
    if report.problem_count > before:
        return None
    # A donation of unknown value, or a loan whose terms AidData could not find.
    undisclosed = not amount or (kind == "loan" and not any(get(name) for name in TERMS))
    participants, others = _agencies(row, actor, partner, parties)
    return {
        "uid": UID_PREFIX + record_id,
        "actor": actor,
        "partner": partner,
        "direction": "one-way",
        "kind": kind,
        "date": date,
        "end_date": end_date,
        "title": get("title"),
        "summary": _summary(get("description"), row),
        "amount": amount,
        "currency": currency,
        "amount_usd": usd,
        "usd_basis": "source" if usd else "",
        "status": status,
        "terms_disclosed": "no" if undisclosed else "yes",
        "sectors": encode_items([(name,)] if (name := get("sector name")) else []),
        "participants": encode_items(participants),
        "sources": encode_items(_sources(row)),
        "other_parties": encode_items(others),
    }


def _whole(text: str) -> str:
    """An id or year as a spreadsheet may give it, 73745.0, written 73745."""
    return text[: -len(match.group(1))] if (match := re.search(r"[0-9](\.0+)$", text)) else text


def _country(text: str) -> str | None:
    """The alpha-3 code of a country as AidData names it: 'China (People's Republic of)'."""
    if not text:
        return None
    return countries.resolve(text) or countries.resolve(_PARENTHESES.sub("", text))


def _financier(text: str) -> str:
    # Every GCDF project is China's; a financier named otherwise is checked as the actor.
    return "CHN" if not text else (_country(text) or text)


def _recipient(number: int, iso: str, name: str, report: ImportReport) -> str:
    """The recipient's code: the ISO-3 column (checked as the partner), else its name."""
    if iso:
        return iso
    code = _country(name)
    if code is None:
        why = "is empty" if not name else f"{name[:60]!r} is not a country"
        report.problem(number, "Recipient", f"{why} and Recipient ISO-3 is empty")
        return ""
    return code


def _kind(number: int, flow: str, simplified: str, report: ImportReport) -> str:
    for text in (flow, simplified):
        lowered = text.lower()
        for kind, words in KIND_WORDS:
            if any(word in lowered for word in words):
                return kind
    report.problem(
        number,
        "Flow Type",
        f"{flow[:40]!r} is not a flow type this import maps (loans and credits → loan, "
        "grants and technical assistance → aid, debt forgiveness or rescheduling → "
        "debt-relief, equity → investment)",
    )
    return ""


def _date(text: str) -> str | None:
    """A date as AidData writes it (2018-11-12, or 11/12/2018 as its header says); None if
    it is none."""
    if match := _ISO_DATE.fullmatch(text):
        return "-".join(match.groups())
    if match := _US_DATE.fullmatch(text):
        month, day, year = match.groups()
        return f"{year}-{int(month):02}-{int(day):02}"
    return None


def _year(number: int, text: str, column: str, report: ImportReport) -> str:
    if not text:
        return ""
    if match := _YEAR.fullmatch(text):
        return match.group(1)
    report.problem(number, column, f"{text[:20]!r} is not a year")
    return ""


def _dated(
    number: int, row: dict[str, str], report: ImportReport, columns: tuple[str, str, str]
) -> str:
    """A date column at its real precision: the day, unless AidData says it estimated it
    (it then writes 1 January), when only the year column is known."""
    date_column, estimated_column, year_column = columns
    text = row.get(date_column.lower(), "").strip()
    year = _year(number, row.get(year_column.lower(), "").strip(), year_column, report)
    if not text:
        return year
    date = _date(text)
    if date is None:
        report.problem(number, date_column, f"{text[:20]!r} is not a date (YYYY-MM-DD)")
        return ""
    if row.get(estimated_column.lower(), "").strip().lower() == "yes":
        return year or date[:4]
    return date


def _commitment(number: int, row: dict[str, str], report: ImportReport) -> str:
    date = _dated(
        number,
        row,
        report,
        ("Commitment Date (MM/DD/YYYY)", "Commitment Date Estimated", "Commitment Year"),
    )
    if not date and not row.get("commitment year", "").strip():
        report.problem(number, "Commitment Year", "is empty, and so is the commitment date")
    return date


def _completion(number: int, row: dict[str, str], report: ImportReport) -> str:
    text = row.get("actual completion date (mm/dd/yyyy)", "").strip()
    if not text:
        return ""  # a completion year alone may be a plan; only an actual date ends a record
    return _dated(
        number,
        row,
        report,
        (
            "Actual Completion Date (MM/DD/YYYY)",
            "Actual Completion Date Estimated",
            "Completion Year",
        ),
    )


def _summary(description: str, row: dict[str, str]) -> str:
    """The description, with the amount in constant USD that AidData gives beside it."""
    for name, value in row.items():
        if name.startswith("amount (constant usd") and value.strip():
            try:
                constant = parse_amount(value)
            except ValueError:
                continue  # not a number: nothing to keep
            if constant is None:
                continue
            year = " ".join(re.findall(r"[0-9]{4}", name))
            note = f"AidData: {constant:,.0f} USD in constant {year} dollars."
            return f"{description}\n\n{note}" if description else note
    return description


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split("|")] if text.strip() else []


def _sources(row: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each source URL with its publisher and title, when AidData lists one of each per URL."""
    urls = _split(row.get("source urls", ""))
    titles = _split(row.get("source titles", ""))
    publishers = _split(row.get("source publishers", ""))
    if len(titles) != len(urls):
        titles = [""] * len(urls)  # a title holding '|' shifts them: better none than wrong
    if len(publishers) != len(urls):
        publishers = [""] * len(urls)
    return [(p, t, u) for p, t, u in zip(publishers, titles, urls, strict=True) if u]


def _agencies(
    row: dict[str, str], actor: str, partner: str, parties: PartyTable | None
) -> tuple[list[tuple[str, ...]], list[tuple[str, str]]]:
    """The funding agencies as participants of the actor's country; co-financiers as other
    parties when they are a country or a party of the database, else as participants."""
    participants: list[tuple[str, ...]] = [
        (name, actor, "financier") for name in _split(row.get("funding agencies", "")) if name
    ]
    others: list[tuple[str, str]] = []
    for name in _split(row.get("co-financing agencies", "")):
        if not name:
            continue
        code = parties.resolve(name) if parties else countries.resolve(name)
        if code and code not in (actor, partner) and code not in (o[0] for o in others):
            others.append((code, "co-financier"))
        else:
            participants.append((name, "", "co-financier"))
    return participants, others

"""Records written as event data for other tools: PLOVER JSON lines, from their CAMEO codes."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import IO

from sqlite_utils import Database

from bilateral.db import dates, files
from bilateral.db.connection import db_path
from bilateral.db.gdelt import country_codes
from bilateral.db.model import Record
from bilateral.db.query import Filter, list_ids
from bilateral.db.records import get_records

PAGE = 500
# 'code: EVENT, mode, context # description', as the PLOVER project publishes it.
_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?")


@dataclass(frozen=True)
class PloverType:
    """A CAMEO code's PLOVER event type, with its mode and context when it has them."""

    event: str
    mode: str = ""
    context: tuple[str, ...] = ()


@functools.cache
def cameo_to_plover() -> dict[str, PloverType]:
    """The CAMEO → PLOVER table (db/cameo_plover.txt, the PLOVER project's CAMEO2PLOVER-2021)."""
    text = resources.files("bilateral.db").joinpath("cameo_plover.txt").read_text(encoding="utf-8")
    table: dict[str, PloverType] = {}
    for line in text.splitlines():
        found = _LINE.match(line.strip())
        if found:
            code, event, mode, context = found.groups()
            contexts = tuple(c.strip() for c in (context or "").split(";") if c.strip())
            table.setdefault(code, PloverType(event, (mode or "").strip(), contexts))
    return table


def plover_type(code: str) -> PloverType | None:
    """The PLOVER type of a CAMEO code, by its most specific listed prefix; None for the
    statements and appeals (01, 02) that PLOVER does not code as events."""
    table = cameo_to_plover()
    for length in (len(code), 3, 2):
        found = table.get(code[:length])
        if found is not None:
            return found
    return None


def _entity(code: str) -> dict:
    return {"code": code}


def plover_event(record: Record) -> dict:
    """One record as a PLOVER event object; the fields PLOVER lacks keep their own names."""
    kind = plover_type(record.cameo_code) if record.cameo_code else None
    mutual = record.direction == "mutual"
    start = dates.first_day(record.date).isoformat()
    event: dict = {
        "id": record.uid,
        "has_event": kind is not None,
        "date": start,
        # PLOVER dates are days: a record known to the month says so, not a false day.
        "date_precision": dates.precision(record.date),
        "actor": [_entity(record.actor)] + ([_entity(record.partner)] if mutual else []),
        "recipient": [] if mutual else [_entity(record.partner)],
        "event": [kind.event] if kind else [],
        "mode": [kind.mode] if kind and kind.mode else [],
        "context": list(kind.context) if kind else [],
        "quad_code": record.quad_class,
        "event_scale": record.goldstein,
        "event_text": [record.title],
        "cameo_code": record.cameo_code,
        "kind": record.kind,
        "status": record.status,
        "claim_status": record.claim_status,
    }
    if record.end_date:
        event["enddate"] = dates.last_day(record.end_date).isoformat()
    if record.location:
        event["event_loc"] = {"name": record.location}
    if record.other_parties:
        event["other_parties"] = [{"code": o.party, "role": o.role} for o in record.other_parties]
    if record.links:
        event["link"] = [{"relation": link.relation, "id": link.uid} for link in record.links]
    if record.sources:
        event["cite_info"] = [
            {"publisher": s.publisher, "title": s.title, "url": s.url, "date": s.published}
            for s in record.sources
        ]
    if record.amount_usd is not None:
        event["amount_usd"] = record.amount_usd
    if record.claim_status != "established":
        event["comment"] = f"{record.claim_status} claim" + (
            f" by {record.claimed_by}" if record.claimed_by else ""
        )
    return event


def _records(db: Database, where: Filter | None) -> Iterator[Record]:
    ids = list_ids(db, where)
    for start in range(0, len(ids), PAGE):
        yield from get_records(db, ids[start : start + PAGE])


@dataclass
class EventsReport:
    """How many events were written, and how many have no PLOVER event type."""

    written: int = 0
    uncoded: int = 0


def export_plover(
    db: Database, out: IO[str] | str | os.PathLike, where: Filter | None = None
) -> EventsReport:
    """Write the matching records as PLOVER JSON lines (one event per line), by date."""
    report = EventsReport()
    if hasattr(out, "write"):
        _write_plover(db, out, where, report)  # type: ignore[arg-type]
        return report
    files.check_export_target(out, db_path(db))  # type: ignore[arg-type]
    with files.whole_file(out) as stream:  # type: ignore[arg-type]
        _write_plover(db, stream, where, report)
    return report


def _write_plover(
    db: Database, stream: IO[str], where: Filter | None, report: EventsReport
) -> None:
    for record in _records(db, where):
        event = plover_event(record)
        stream.write(json.dumps(event, ensure_ascii=False) + "\n")
        report.written += 1
        report.uncoded += not event["has_event"]


# ---------------------------------------------------------------- GDELT 2.0 rows

GDELT_COLUMNS = 61
_URL, _ADDED, _GEO_NAME = 60, 59, 52


@functools.cache
def _cameo_country() -> dict[str, str]:
    """ISO alpha-3 → the CAMEO actor country code GDELT writes (ROU → ROM, TLS → TMP…)."""
    back: dict[str, str] = {}
    for code, iso3 in country_codes().items():
        if iso3 and (iso3 not in back or code == iso3):
            back[iso3] = code
    return back


def _actor(cells: list[str], at: int, code: str, name: str) -> None:
    """Actor code, name and country code at ``at`` (5 for Actor1, 15 for Actor2)."""
    country = _cameo_country().get(code, "")
    cells[at], cells[at + 1], cells[at + 2] = country or code, name.upper(), country


def gdelt_row(record: Record, name: Callable[[str], str], number: int) -> list[str]:
    """One record as a GDELT 2.0 export row of 61 cells (see the README for each)."""
    cells = [""] * GDELT_COLUMNS
    day = dates.first_day(record.date)
    cells[0] = (
        record.uid.removeprefix("gdelt-")
        if record.uid.removeprefix("gdelt-").isdigit()
        else str(number)
    )
    cells[1], cells[2], cells[3] = day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year)
    cells[4] = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"
    _actor(cells, 5, record.actor, name(record.actor))
    _actor(cells, 15, record.partner, name(record.partner))
    code = record.cameo_code
    cells[25] = "1"
    cells[26], cells[27], cells[28] = code, code[:3], code[:2]
    cells[29] = "" if record.quad_class is None else str(record.quad_class)
    cells[30] = "" if record.goldstein is None else f"{record.goldstein:g}"
    # Every source is an article that reports it: the one count that is known.
    counted = str(len(record.sources))
    cells[31] = cells[32] = cells[33] = counted
    cells[_GEO_NAME] = record.location
    cells[_ADDED] = (
        (record.updated_at or record.created_at)
        .replace("-", "")
        .replace(":", "")[:15]
        .replace("T", "")
    )
    urls = [s.url for s in record.sources if s.url]
    cells[_URL] = urls[0] if urls else ""
    return [cell.replace("\t", " ").replace("\n", " ").replace("\r", " ") for cell in cells]


def export_gdelt(
    db: Database,
    out: IO[str] | str | os.PathLike,
    where: Filter | None = None,
    name: Callable[[str], str] = str,
) -> EventsReport:
    """Write the matching records as GDELT 2.0 export rows: tab-separated, no header.

    :param name: a party's name from its code, for the actor name columns.
    """
    report = EventsReport()

    def write(stream: IO[str]) -> None:
        for record in _records(db, where):
            report.written += 1
            stream.write("\t".join(gdelt_row(record, name, record.id or report.written)) + "\n")
            report.uncoded += not record.cameo_code

    if hasattr(out, "write"):
        write(out)  # type: ignore[arg-type]
        return report
    files.check_export_target(out, db_path(db))  # type: ignore[arg-type]
    with files.whole_file(out) as stream:  # type: ignore[arg-type]
        write(stream)
    return report

"""Frictionless Data Package descriptors for the CSV exports: each column's type, declared."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from bilateral.db.cells import COLUMNS
from bilateral.db.errors import BilateralError
from bilateral.db.schema import CLAIM_STATUSES, DIRECTIONS, STATUSES
from bilateral.db.summary import SUMMARY_COLUMNS

DESCRIPTOR = "datapackage.json"
_PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_LIST = "a list: items separated by '; ', fields of an item by ' | ', '\\' escaping either"
_FORMULA = "; a cell a spreadsheet would run as a formula starts with an apostrophe"
_TEXT = {"type": "string"}


def _partial_date(description: str) -> dict:
    return {
        "type": "string",
        "description": description + ": a partial date, YYYY, YYYY-MM or YYYY-MM-DD",
        "constraints": {"pattern": _PARTIAL_DATE},
    }


def _code(description: str, pattern: str) -> dict:
    # Codes stay text: a reader that guesses would make '070' the number 70.
    return {"type": "string", "description": description, "constraints": {"pattern": pattern}}


def _one_of(description: str, values: tuple[str, ...]) -> dict:
    return {"type": "string", "description": description, "constraints": {"enum": list(values)}}


_TIME = {
    "type": "datetime",
    "format": "%Y-%m-%dT%H:%M:%SZ",
    "description": "UTC, to the second",
}

RECORD_FIELDS: dict[str, dict] = {
    "uid": {**_TEXT, "description": "stable identifier of the record"},
    "actor": _code("the side that acts or gives: ISO 3166-1 alpha-3 or a party's code", "^\\S+$"),
    "partner": _code("the other side: ISO 3166-1 alpha-3 or a party's code", "^\\S+$"),
    "direction": _one_of("one-way (actor → partner) or mutual", DIRECTIONS),
    "kind": {**_TEXT, "description": "the kind of interaction"},
    "date": _partial_date("when it happened or started"),
    "end_date": _partial_date("when a lasting state ended"),
    "title": {**_TEXT, "description": "one line" + _FORMULA},
    "summary": {**_TEXT, "description": "free text" + _FORMULA},
    "location": {**_TEXT, "description": "where"},
    "amount": {"type": "number", "description": "the amount in its original currency"},
    "currency": _code("ISO 4217 code of amount", "^[A-Z]{3}$"),
    "amount_usd": {"type": "number", "description": "the amount in US dollars"},
    "usd_basis": _one_of("where amount_usd comes from", ("source", "ecb", "user")),
    "status": _one_of("the stage of its life", STATUSES),
    "claim_status": _one_of("who says so: established, or a claim", CLAIM_STATUSES),
    "claimed_by": {**_TEXT, "description": "who makes the claim"},
    "terms_disclosed": {
        "type": "boolean",
        "trueValues": ["yes"],
        "falseValues": ["no"],
        "description": "whether the terms are public",
    },
    "sectors": {**_TEXT, "description": "sectors, separated by '; '"},
    "participants": {**_TEXT, "description": _LIST + ": name | country | role"},
    "sources": {**_TEXT, "description": _LIST + ": publisher | title | url | published | quote"},
    "links": {**_TEXT, "description": _LIST + ": relation | uid of the other record"},
    "other_parties": {**_TEXT, "description": _LIST + ": party | role"},
    "cameo_code": _code("CAMEO event code, leading zeros kept (070)", "^\\d{2,4}$"),
    "quad_class": {
        "type": "integer",
        "description": "CAMEO quad class: 1 verbal cooperation … 4 material conflict",
        "constraints": {"minimum": 1, "maximum": 4},
    },
    "goldstein": {
        "type": "number",
        "description": "GDELT's Goldstein scale of the event, -10 (conflict) to 10",
        "constraints": {"minimum": -10, "maximum": 10},
    },
    "created_at": {**_TIME, "description": "when the record was made (UTC)"},
    "updated_at": {**_TIME, "description": "when it last changed (UTC)"},
}

SUMMARY_FIELDS: dict[str, dict] = {
    "pair": _code("the two codes in alphabetical order joined by '-'", "^\\S+-\\S+$"),
    "period": {**_TEXT, "description": "2023, 2023-Q4, 2023-11 or all"},
    "kind": {**_TEXT, "description": "the kind of interaction"},
    "actor": _code("who gave", "^\\S+$"),
    "partner": _code("to whom", "^\\S+$"),
    "direction": _one_of("one-way, or mutual for records of both sides", DIRECTIONS),
    "records": {"type": "integer", "description": "events that happened, each counted once"},
    "claimed": {"type": "integer", "description": "claims"},
    "disputed": {"type": "integer", "description": "claims another record denies"},
    "amount_usd": {"type": "number", "description": "USD of the money that counts"},
    "uncounted_usd": {"type": "number", "description": "USD of promises and claims, apart"},
    "first_date": _partial_date("the earliest start of the row's records"),
    "last_date": _partial_date("the latest end; empty while one is in force"),
}


def _schema(columns: tuple[str, ...], fields: dict[str, dict]) -> dict:
    return {
        "fields": [{"name": name, **fields[name]} for name in columns],
        "missingValues": [""],
    }


def _read(descriptor: Path) -> dict:
    """The package already described there, or a new one."""
    if not descriptor.exists():
        return {"name": "bilateral-export", "resources": []}
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        if not isinstance(package, dict) or not isinstance(package["resources"], list):
            raise TypeError
    except (ValueError, KeyError, TypeError, OSError):
        raise BilateralError(
            f"{descriptor} is there already and is not a data package descriptor; "
            "move it, or export into another folder."
        ) from None
    return package


def check_descriptor(csv_path: str | os.PathLike) -> None:
    """Before an export: refuse when the descriptor beside it could not be added to.

    :raises BilateralError: a datapackage.json there is not a descriptor.
    """
    _read(Path(csv_path).with_name(DESCRIPTOR))


def write_descriptor(csv_path: str | os.PathLike, what: str, *, bom: bool = False) -> Path:
    """Write (or update) ``datapackage.json`` beside an exported CSV, declaring its
    columns' types; a records and a summary export in one folder form one package.

    :param what: 'records' or 'summary'.
    :raises BilateralError: the descriptor there is not one it can add to.
    """
    path = Path(csv_path)
    columns, fields = (
        (COLUMNS, RECORD_FIELDS) if what == "records" else (SUMMARY_COLUMNS, SUMMARY_FIELDS)
    )
    descriptor = path.with_name(DESCRIPTOR)
    package = _read(descriptor)
    package["resources"] = [
        r for r in package["resources"] if not isinstance(r, dict) or r.get("path") != path.name
    ]
    package["resources"].append(
        {
            "name": re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-") or what,
            "path": path.name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig" if bom else "utf-8",
            "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
            "schema": _schema(columns, fields),
        }
    )
    descriptor.write_text(
        json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return descriptor

"""The kinds of record: built-in ones with their CAMEO codes, and those users add."""

from __future__ import annotations

from sqlite_utils import Database

from bilateral.db import cameo
from bilateral.db.connection import writing
from bilateral.db.errors import InvalidRecord, Problem
from bilateral.db.model import Kind

# AidData's debt forgiveness and rescheduling: economic aid in CAMEO (071), yet a kind
# of its own, since relief on an old loan is no new money (added by m013).
DEBT_RELIEF_KIND = ("debt-relief", "071", 2, "#dbdb8d")


def add_builtin_kind(db: Database, kind: tuple[str, str, int, str]) -> None:
    """Add a built-in kind (name, CAMEO code, quad class, colour) unless one has its name."""
    db.conn.execute(
        "INSERT OR IGNORE INTO kinds (name, cameo_code, quad_class, color, builtin) "
        "VALUES (?, ?, ?, ?, 1)",
        kind,
    )


def kind_defaults(db: Database) -> dict[str, tuple[str, int | None]]:
    """Map each kind name to its CAMEO code and quad class."""
    return {
        name: (code, quad)
        for name, code, quad in db.execute("SELECT name, cameo_code, quad_class FROM kinds")
    }


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

    :raises InvalidRecord: for an empty or existing name, a code not in the CAMEO
        codebook or a bad quad class.
    """
    name, cameo_code = name.strip().lower(), cameo_code.strip()
    problems = []
    if not name:
        problems.append(Problem("kind", "enter a name"))
    elif name in kind_defaults(db):
        problems.append(Problem("kind", f"{name!r} exists already"))
    if cameo_code and (error := cameo.problem(cameo_code)):
        problems.append(Problem("cameo_code", error))
    if quad_class is not None and quad_class not in (1, 2, 3, 4):
        problems.append(Problem("quad_class", "must be 1, 2, 3 or 4"))
    if problems:
        raise InvalidRecord(problems)
    with writing(db):
        db.conn.execute(
            "INSERT INTO kinds (name, cameo_code, quad_class, color) VALUES (?, ?, ?, ?)",
            (name, cameo_code, quad_class, color),
        )
    return Kind(name, cameo_code, quad_class, color, False)
